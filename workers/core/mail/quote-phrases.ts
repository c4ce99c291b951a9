/**
 * The words mail clients write around quoted history, in many languages, as data: attribution
 * lines ("On … wrote:"), separators ("-----Original Message-----"), the labels of a quoted
 * header block (From/Sent/To/Subject) and signatures. quoted-history.ts matches text against them.
 */

/** "On Tue, 3 Mar 2026, Li Wei <li@x> wrote:" and its counterparts, matched at the end of the line. */
export const ATTRIBUTION_ENDINGS: readonly RegExp[] = [
  /\bwrote\s*:$/i, // English (Gmail, Apple Mail, Thunderbird, Outlook for Mac, NetEase "At …, X wrote:")
  /\bschrieb\b.{0,200}:$/i, // German: "Am 03.03.2026 um 10:00 schrieb Li Wei <li@x>:", "Li Wei schrieb am …:"
  /\ba écrit\s*:$/i, // French
  /\bescribió\s*:$/i, // Spanish
  /\bha scritto\s*:$/i, // Italian
  /\bschreef\b.{0,200}:$/i, // Dutch
  /\bescreveu\s*:$/i, // Portuguese
  /\b(?:skrev|kirjoitti|napisała?|napisał\(a\)|napsal(?:a|\(a\))?|yazdı)\s*:$/i, // Nordic, Finnish, Polish, Czech, Turkish
  /(?:пишет|написала?|написал\(а\))\s*:$/i, // Russian
  /(?:写道|寫道)\s*[:：]$/, // Chinese: "在 2026年3月3日 …写道：", "Li Wei <li@x> 于2026年3月3日周二 10:00写道："
  /(?:のメール|書きました|からのメール)\s*[:：]$/, // Japanese (Apple Mail, Thunderbird)
  /작성\s*[:：]$/, // Korean (Gmail)
  /\d.*<[^<>\s@]+@[^<>\s]+>\s*[:：]$/, // Gmail in Japanese, Russian, …: a date and an address, no verb
];

/** How a wrapped attribution starts (it may span up to three lines). */
export const ATTRIBUTION_START = /^(?:(?:On|Am|Le|El|Il|Op|Em|Den|Dne|W dniu|På|At)\s|在|于|於|\d{4}[年/.-])/i;

/** "-----Original Message-----", "---------- Forwarded message ---------", QQ's "------------------ 原始邮件 ------------------". */
export const SEPARATOR_PHRASES: ReadonlySet<string> = new Set([
  "original message", "forwarded message", "original", "ursprüngliche nachricht", "originalnachricht",
  "weitergeleitete nachricht", "message d'origine", "message d’origine", "message transféré", "message original",
  "mensaje original", "mensaje reenviado", "messaggio originale", "messaggio inoltrato", "oorspronkelijk bericht",
  "doorgestuurd bericht", "mensagem original", "mensagem encaminhada", "исходное сообщение",
  "пересылаемое сообщение", "пересланное сообщение", "oryginalna wiadomość", "wiadomość przekazana dalej",
  "původní zpráva", "přeposlaná zpráva", "alkuperäinen viesti", "välitetty viesti", "ursprungligt meddelande",
  "vidarebefordrat meddelande", "opprinnelig melding", "videresendt melding", "oprindelig meddelelse",
  "videresendt meddelelse", "orijinal mesaj", "iletilen mesaj", "原始邮件", "原始郵件", "原始信息", "原始訊息",
  "原邮件", "转发邮件", "转发的邮件", "轉寄郵件", "转发邮件信息", "原始邮件信息", "元のメッセージ",
  "転送されたメッセージ", "転送メッセージ", "원본 메시지", "전달된 메시지",
]);

/** Apple Mail and friends: "Begin forwarded message:". */
export const FORWARD_INTRO =
  /^(?:begin forwarded message|anfang der weitergeleiteten nachricht|début du message (?:réexpédié|transféré)|inicio del mensaje reenviado|inizio messaggio inoltrato|início da mensagem reencaminhada|以下是转发的邮件|转发的邮件|転送されたメッセージ)\s*[:：]?$/i;

/** Header labels of a quoted message (Outlook, QQ/Foxmail, NetEase, …) in many languages. */
export const HEADER_LABELS = {
  from: "From|De|Von|Van|Da|Fra|Från|Od|От|Lähettäjä|Feladó|Kimden|发件人|發件人|寄件者|寄件人|差出人|보낸 사람",
  sent: "Sent|Date|Envoyé|Gesendet|Datum|Verzonden|Inviato|Data|Enviado|Enviada|Fecha|Sendt|Skickat|Wysłano|Odesláno|Lähetetty|Отправлено|Дата|Tarih|发送时间|發送時間|时间|時間|日期|送信日時|日時|보낸 날짜|날짜",
  to: "To|À|A|An|Aan|Para|Til|Till|Do|Komu|Vastaanottaja|Кому|Kime|收件人|收件者|宛先|받는 사람",
  subject: "Subject|Objet|Betreff|Onderwerp|Oggetto|Asunto|Assunto|Emne|Ämne|Temat|Předmět|Aihe|Тема|Konu|主题|主旨|主題|件名|제목",
};

/** A rule line above a header block ("________________________________" from Outlook, dashes). */
export const RULE_LINE = /^\s*(?:_{10,}|-{10,}|—{5,})\s*$/;
export const SIGNATURE_DELIMITER = /^\s*(?:--|—|__)\s*$/;
export const MOBILE_SIGNATURE =
  /^\s*(?:sent from|sent via|sent with|get outlook for|von meinem|gesendet von|envoyé de mon|envoyé depuis|enviado desde|enviado do meu|inviato da|verzonden met|发自我的|来自我的|從我的|发送自|iphoneから送信)/i;
