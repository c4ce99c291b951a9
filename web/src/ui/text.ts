import { messages } from "../i18n";

/** Words the shared components use. */
export const uiText = messages({
  en: {
    loading: "Loading…",
    empty: "Nothing here yet.",
    retry: "Try again",
    save: "Save",
    saving: "Saving…",
    saved: "Saved.",
    cancel: "Cancel",
    delete: "Delete",
    confirmDelete: "Delete this? This cannot be undone.",
    failed: "Something went wrong.",
    required: "Required",
  },
  "zh-CN": {
    loading: "加载中…",
    empty: "这里还没有内容。",
    retry: "重试",
    save: "保存",
    saving: "保存中…",
    saved: "已保存。",
    cancel: "取消",
    delete: "删除",
    confirmDelete: "确定删除吗？此操作无法撤销。",
    failed: "出错了。",
    required: "必填",
  },
});
