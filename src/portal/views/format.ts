/** Chinese labels shared by the pages. */
import type { CourseStatus } from '../store.js';

export const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;

export function weekdayName(weekday: number): string {
  return WEEKDAYS[weekday] ?? `周${weekday}`;
}

export const STATUS_LABELS: Record<CourseStatus, string> = {
  open: '可报名',
  full: '已满',
  closed: '报名结束',
  lottery: '摇号中',
};

export const BUTTON_LABELS: Record<CourseStatus, string> = {
  open: '加入购物车',
  full: '名额已满',
  closed: '报名已结束',
  lottery: '摇号中，暂不可报名',
};

export function money(fee: number): string {
  return `¥${fee.toLocaleString('en-US')}`;
}

/** "15 分钟" / "30 秒": how long a hold lasts, for notices. */
export function holdDuration(seconds: number): string {
  return seconds >= 60 && seconds % 60 === 0 ? `${seconds / 60} 分钟` : `${seconds} 秒`;
}

export function ageRange(min: number, max: number): string {
  return `${min}–${max} 岁`;
}

/** 2025-07-05 09:30, in Beijing time whatever the server's zone. */
export function beijingTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
