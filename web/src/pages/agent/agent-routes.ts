import { messages } from "../../i18n";
import type { AppRoute } from "../../routes";
import { CustomerPage } from "./customer-page";
import { CustomersPage } from "./customers-page";
import { NewTicketPage } from "./new-ticket-page";
import { TicketListPage } from "./ticket-list-page";
import { TicketPage } from "./ticket-page";

const text = messages({
  en: { tickets: "Tickets", customers: "Customers" },
  "zh-CN": { tickets: "工单", customers: "客户" },
});

export const agentRoutes: AppRoute[] = [
  { path: "/tickets", component: TicketListPage, nav: { label: () => text().tickets, section: "work", order: 10 } },
  { path: "/tickets/new", component: NewTicketPage },
  { path: "/tickets/:id", component: TicketPage },
  { path: "/customers", component: CustomersPage, nav: { label: () => text().customers, section: "work", order: 20 } },
  { path: "/customers/:id", component: CustomerPage },
];
