import type { AccountErrorCode, AutomationErrorCode, BulkErrorCode, LogoErrorCode, TicketMergeErrorCode, TriggerErrorCode, VersionErrorCode } from "../../workers/core/errors";
import type { AttachmentErrorCode } from "../../workers/core/attachments/upload-rules";
import type { MacroErrorCode } from "../../workers/core/macros/macro-rules";
import { locale, type Locale } from "./i18n";

/** The account flows' codes, every one worded in both languages (a new code fails to compile until it is). */
const ACCOUNT_WORDS: Record<Locale, Record<AccountErrorCode, string>> = {
  en: {
    reset_link_invalid: "This reset link is not valid: it may have expired (links last 1 hour) or been used. Ask for a new one.",
    two_factor_code_wrong: "That code is wrong or was already used. Enter the current code from your app, or an unused recovery code.",
    two_factor_locked: "Too many wrong codes. Try again in 15 minutes.",
    two_factor_challenge_expired: "This sign-in took too long. Go back and sign in again.",
    two_factor_already_enabled: "Two-factor sign-in is already on.",
    two_factor_not_started: "Start again: choose “Turn on” to get a new key.",
    two_factor_required_by_workspace: "Your workspace requires two-factor sign-in, so it cannot be turned off.",
    two_factor_enable_first: "Turn on two-factor sign-in for yourself first.",
    invalid_time_zone: "Unknown time zone. Choose one from the list, e.g. Asia/Shanghai.",
  },
  "zh-CN": {
    reset_link_invalid: "此重置链接无效：可能已过期（有效期 1 小时）或已被使用。请重新申请。",
    two_factor_code_wrong: "验证码不正确或已被使用。请输入应用中的当前验证码，或一个未用过的恢复码。",
    two_factor_locked: "验证码错误次数过多，请 15 分钟后再试。",
    two_factor_challenge_expired: "登录耗时过长，请返回重新登录。",
    two_factor_already_enabled: "两步验证已开启。",
    two_factor_not_started: "请重新开始：点击“开启”获取新的密钥。",
    two_factor_required_by_workspace: "您的工作区要求两步验证，因此无法关闭。",
    two_factor_enable_first: "请先为自己开启两步验证。",
    invalid_time_zone: "未知的时区，请从列表中选择，例如 Asia/Shanghai。",
  },
};

/** A file refused for a reply or note (upload-rules.ts), in both languages. */
const ATTACHMENT_WORDS: Record<Locale, Record<AttachmentErrorCode, string>> = {
  en: {
    file_too_large: "This file is too large: at most 20 MB a file.",
    file_type_not_allowed: "Files of this type cannot be attached (programs, scripts, installers).",
    file_empty: "This file is empty.",
    too_many_files: "A message can carry at most 10 files.",
    unknown_upload: "A file was not uploaded or has expired; attach it again.",
    file_link_invalid: "This download link is not valid or has expired.",
  },
  "zh-CN": {
    file_too_large: "文件太大：每个文件最大 20 MB。",
    file_type_not_allowed: "不能附加此类文件（程序、脚本、安装包）。",
    file_empty: "文件为空。",
    too_many_files: "每条消息最多附加 10 个文件。",
    unknown_upload: "有文件未上传或已过期，请重新添加。",
    file_link_invalid: "此下载链接无效或已过期。",
  },
};

/** A change refused because someone else changed the same thing first (If-Match), in both languages. */
const VERSION_WORDS: Record<Locale, Record<VersionErrorCode, string>> = {
  en: {
    ticket_changed: "Someone else changed this ticket since you opened it.",
    changed_since_read: "Someone else changed this since you opened it.",
  },
  "zh-CN": {
    ticket_changed: "您打开这个工单后，其他人修改了它。",
    changed_since_read: "您打开后，其他人修改了这里的内容。",
  },
};

/** A refused ticket merge or split, in both languages. */
const MERGE_WORDS: Record<Locale, Record<TicketMergeErrorCode, string>> = {
  en: {
    ticket_merge_self: "A ticket cannot be merged into itself.",
    ticket_already_merged: "That ticket was already merged into another one.",
    ticket_merge_target_merged: "That ticket was merged into another one: merge into that one instead.",
    split_not_customer_message: "Only a customer's message can be split into a new ticket.",
    split_only_message: "This is the ticket's only message: there is nothing to split it from.",
  },
  "zh-CN": {
    ticket_merge_self: "工单不能合并到其自身。",
    ticket_already_merged: "该工单已被合并到另一个工单。",
    ticket_merge_target_merged: "该工单已被合并到另一个工单，请合并到那个工单。",
    split_not_customer_message: "只有客户的消息才能拆分为新工单。",
    split_only_message: "这是该工单唯一的消息，无法拆分。",
  },
};

/** A refused bulk change, in both languages. */
/** A refused macro (core/macros/macro-rules.ts), in both languages. */
const MACRO_WORDS: Record<Locale, Record<MacroErrorCode, string>> = {
  en: {
    macro_action_not_allowed: "A macro can only set ticket fields (priority, type, status, group, assignee, tags); it cannot apply another macro.",
    macro_empty: "Give the macro a text, an action, or both.",
    macro_has_no_actions: "This macro changes no ticket fields: insert its text from the composer instead.",
  },
  "zh-CN": {
    macro_action_not_allowed: "宏只能修改工单字段（优先级、类型、状态、分组、负责人、标签），不能应用另一个宏。",
    macro_empty: "请为宏填写文本或添加动作（或两者都有）。",
    macro_has_no_actions: "这个宏不修改任何工单字段：请在回复框中插入它的文本。",
  },
};

const BULK_WORDS: Record<Locale, Record<BulkErrorCode, string>> = {
  en: { bulk_too_many: "More than 100 tickets match this filter: narrow it, or select tickets on the page." },
  "zh-CN": { bulk_too_many: "符合此筛选条件的工单超过 100 个：请缩小筛选范围，或在本页中勾选工单。" },
};

/** A refused logo upload, in both languages. */
/** A refused automation change, in both languages. */
const AUTOMATION_WORDS: Record<Locale, Record<AutomationErrorCode, string>> = {
  en: {
    too_many_automations: "A workspace has at most 100 automations; delete or combine some first.",
    automation_order_mismatch: "The list of automations changed meanwhile; reload and order them again.",
    automation_time_condition_required: "An automation needs an \"hours since … more than\" condition to wait for.",
    follow_up_due_invalid: "Give the follow-up's due time in business hours or in business days, not both.",
    preset_not_found: "No such preset.",
  },
  "zh-CN": {
    too_many_automations: "每个工作区最多 100 个自动化规则，请先删除或合并一些。",
    automation_order_mismatch: "自动化规则列表已变化，请刷新后重新排序。",
    automation_time_condition_required: "自动化规则需要一个“距……超过……小时”的时间条件。",
    follow_up_due_invalid: "回访的到期时间请用工作小时或工作日中的一种，不能同时填写。",
    preset_not_found: "没有该预设。",
  },
};

const TRIGGER_WORDS: Record<Locale, Record<TriggerErrorCode, string>> = {
  en: {
    too_many_triggers: "A workspace has at most 100 triggers; delete or combine some first.",
    trigger_order_mismatch: "The list of triggers changed meanwhile; reload and order them again.",
    support_address_not_found: "No such support address in this workspace.",
    webhook_not_found: "No such webhook in this workspace.",
    macro_not_found: "No such shared macro in this workspace.",
    notify_target_invalid: "Choose whom to notify.",
  },
  "zh-CN": {
    too_many_triggers: "每个工作区最多 100 个触发器，请先删除或合并一些。",
    trigger_order_mismatch: "触发器列表已变化，请刷新后重新排序。",
    support_address_not_found: "本工作区没有该客服邮箱。",
    webhook_not_found: "本工作区没有该 Webhook。",
    macro_not_found: "本工作区没有该共享宏。",
    notify_target_invalid: "请选择通知对象。",
  },
};

const LOGO_WORDS: Record<Locale, Record<LogoErrorCode, string>> = {
  en: { logo_type_not_allowed: "A logo must be a PNG, JPEG or WebP image (SVG is not accepted: it can carry scripts).", logo_too_large: "The logo is larger than 512 KB: use a smaller image." },
  "zh-CN": { logo_type_not_allowed: "标志必须是 PNG、JPEG 或 WebP 图片（不接受 SVG：它可能包含脚本）。", logo_too_large: "标志图片超过 512 KB，请使用更小的图片。" },
};

/**
 * The API explains errors in English (`detail`, field `message`) with a stable `code`. The app
 * shows its own words for the codes it knows, in the user's language, and the API's text for
 * the rest (more specific, but English). Field errors with zod's codes (too_small, invalid_format…)
 * are worded from their params by field-error-text.ts; `fields` here holds Kefu's own field codes.
 */
const WORDS: Record<Locale, { codes: Record<string, string>; fields: Record<string, string> }> = {
  en: {
    codes: {
      ...ACCOUNT_WORDS.en,
      ...VERSION_WORDS.en,
      ...MERGE_WORDS.en,
      ...BULK_WORDS.en,
      ...MACRO_WORDS.en,
      ...LOGO_WORDS.en,
      ...TRIGGER_WORDS.en,
      ...AUTOMATION_WORDS.en,
      ...ATTACHMENT_WORDS.en,
      validation_failed: "Please correct the fields marked below.",
      invalid_ics: "This is not an iCalendar (.ics) file with all-day events, or it is too large to import.",
      ics_fetch_failed: "The .ics file could not be fetched: use a public https link that answers within 5 seconds with at most 1 MiB.",
      slug_taken: "This workspace short name is already taken; choose another.",
      slug_reserved: "This workspace short name is reserved; choose another.",
      lead_not_found: "A group's lead must be an active agent of this workspace.",
    },
    fields: {},
  },
  "zh-CN": {
    codes: {
      ...ACCOUNT_WORDS["zh-CN"],
      ...VERSION_WORDS["zh-CN"],
      ...MERGE_WORDS["zh-CN"],
      ...BULK_WORDS["zh-CN"],
      ...MACRO_WORDS["zh-CN"],
      ...LOGO_WORDS["zh-CN"],
      ...TRIGGER_WORDS["zh-CN"],
      ...AUTOMATION_WORDS["zh-CN"],
      ...ATTACHMENT_WORDS["zh-CN"],
      validation_failed: "部分字段无效，请按提示修改。",
      invalid_ics: "这不是含全天事件的 iCalendar（.ics）文件，或文件太大无法导入。",
      ics_fetch_failed: "无法获取该 .ics 文件：请使用 5 秒内可响应、不超过 1 MiB 的公网 https 链接。",
      invalid_credentials: "工作区、邮箱或密码不正确。",
      login_locked: "登录失败次数过多，请稍后再试。",
      password_check_locked: "当前密码输错次数过多，请稍后再试。",
      webhook_url_refused: "Kefu 不会向该地址发送：请使用公网 https 地址。",
      rate_limited: "操作太频繁，请稍后再试。",
      unauthenticated: "请先登录。",
      forbidden: "您没有权限执行此操作。",
      not_found: "未找到。",
      slug_taken: "该工作区简称已被使用，请换一个。",
      slug_reserved: "该工作区简称为系统保留，请换一个。",
      email_taken: "该邮箱已属于另一位客户。",
      user_exists: "该用户已存在。",
      name_taken: "名称已被使用。",
      title_taken: "标题已被使用。",
      ticket_closed: "工单已关闭，无法修改。",
      invalid_status_transition: "不能切换到该状态。",
      unknown_placeholder: "模板中有未知的占位符。",
      calendar_in_use: "该日历正在使用中。",
      calendar_not_found: "找不到该日历。",
      group_not_found: "找不到该组。",
      user_not_found: "找不到该用户。",
      group_in_use: "该组中还有工单，无法删除。",
      group_missing: "请先创建名为“二线支持”（或“Tier 2”）的分组：违约的工单会转到那里。",
      built_in_address: "内置地址不能删除。",
      address_taken: "该地址已是本工作区的支持地址。",
      address_unavailable: "无法添加此地址。如果它属于您，请联系客服。",
      too_many_webhooks: "Webhook 数量已达上限。",
      merge_into_self: "不能把客户合并到其自身。",
      idempotency_key_reused: "该幂等键已用于另一个请求，请为新请求使用新的键。",
      idempotency_key_in_use: "使用该幂等键的请求仍在处理中，请稍后重试。",
      due_out_of_range: "按该日历无法算出截止时间（超出约 10 年的范围）。",
      wrong_password: "密码不正确。",
      invalid_range: "结束日期早于开始日期。",
      range_too_long: "日期范围太长。",
      report_too_large: "范围内工单太多，请缩短日期范围。",
      payload_too_large: "内容太大。",
      malformed_json: "请求格式错误。",
      bad_request: "请求无效。",
      internal_error: "服务器出错了，请稍后再试。",
      unsupported_media_type: "请求格式错误。",
      csrf_rejected: "请在 Kefu 自己的页面上进行此操作。",
      invalid_cursor: "列表已变化，请从第一页重新加载。",
      search_too_long: "搜索词和筛选条件太多，请减少几个再试。",
      invalid_date: "日期无效（格式为 YYYY-MM-DD）。",
      invalid_calendar: "日历设置无效，请按提示修改。",
      order_mismatch: "顺序必须包含每个 SLA 策略且各一次，请刷新后重试。",
      assignee_not_found: "没有这位在职的客服。",
      lead_not_found: "组长须是本工作区在职的客服。",
      assignee_not_in_group: "负责人不是该工单分组的成员：请先把该客服加入分组，或更换分组。",
      requester_not_found: "找不到该客户。",
      invitation_not_found: "此邀请链接无效：可能已过期、已被使用或已被撤销。",
      reserved_domain: "该域名上的地址是内置地址，请添加您自己域名的地址。",
      not_reprocessable: "只有被隔离或标记为垃圾邮件的消息才能重新处理。",
      raw_message_missing: "暂时无法读取原始邮件，请稍后再试。",
      attachment_not_stored: "该附件未被保存。",
      attachment_unavailable: "暂时无法读取该文件，请稍后再试。",
    },
    fields: {
      calendar_never_open: "日历没有任何营业时间：请至少开放一周中的一天。",
    },
  },
};

/** The current language's words for problem and field-error codes (empty: use the API's text). */
export const problemText = () => WORDS[locale.value];
