/** Course, cart item and order JSON as docs/portal-api.md describes them. */
import type { CourseRecord } from '../seed.js';
import { type CartItem, courseStatus, type Order } from '../store.js';

export function courseJson(course: CourseRecord, redesign: boolean): Record<string, unknown> {
  const status = courseStatus(course);
  const json = {
    id: course.id,
    title: course.title,
    category: course.category,
    campus: course.campus,
    ageMin: course.ageMin,
    ageMax: course.ageMax,
    weekday: course.weekday,
    startTime: course.startTime,
    endTime: course.endTime,
    teacher: course.teacher,
    fee: course.fee,
    capacity: course.capacity,
    seatsLeft: course.seats,
    phase: course.phase,
    status,
    url: `/courses/${course.id}`,
  };
  if (!redesign) return json;
  // The redesign fault: a new API version renamed the fields a flow depends on.
  const { seatsLeft, status: state, ...rest } = json;
  return { ...rest, remain: seatsLeft, state };
}

export function cartItemJson(item: CartItem) {
  return {
    itemId: item.itemId,
    courseId: item.courseId,
    studentId: item.studentId,
    heldAt: new Date(item.heldAtMs).toISOString(),
    expiresAt: new Date(item.expiresAtMs).toISOString(),
  };
}

export function orderJson(order: Order) {
  return {
    orderId: order.orderId,
    courseId: order.courseId,
    studentId: order.studentId,
    status: order.status,
    createdAt: new Date(order.createdAtMs).toISOString(),
  };
}
