import { newId } from "../ids";

/** Every workspace has a built-in support address on the service's mail domain. */
export const builtInAddress = (slug: string, mailDomain: string) => `${slug}@${mailDomain}`;

/** A fresh RFC 5322 Message-ID (without angle brackets) on the service's mail domain. */
export const newMessageId = (mailDomain: string) => `${newId("m")}@${mailDomain}`;
