/** Size limits for what comes with a message. */
export interface AttachmentLimits {
  /** One file larger than this is not stored. */
  maxFileBytes: number;
  /** Files are stored in order until their total would pass this. */
  maxTotalBytes: number;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = { maxFileBytes: 10 * 1024 * 1024, maxTotalBytes: 20 * 1024 * 1024 };

export interface PlannedAttachment {
  index: number;
  size: number;
  /** Null when stored; otherwise why not, in words an agent reads on the ticket. */
  droppedReason: string | null;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;

/**
 * Which files are stored: in message order, each within the per-file limit, while the total
 * stays within the per-message limit. The message itself is always accepted; dropped files are
 * listed on the ticket with the reason.
 */
export function planAttachments(sizes: readonly number[], limits: AttachmentLimits): PlannedAttachment[] {
  let total = 0;
  return sizes.map((size, index) => {
    if (size > limits.maxFileBytes) return { index, size, droppedReason: `Not stored: ${mb(size)} is over the ${mb(limits.maxFileBytes)} limit per file` };
    if (total + size > limits.maxTotalBytes) return { index, size, droppedReason: `Not stored: the message's files are over the ${mb(limits.maxTotalBytes)} limit per message` };
    total += size;
    return { index, size, droppedReason: null };
  });
}
