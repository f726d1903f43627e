// The two-digit statuses of QCVN 102 and where each puts a recipient of our document.
import type { RecipientStatus } from './repository';

export const STATUS_OF_CODE: Record<string, RecipientStatus | undefined> = {
  '01': 'arrived',
  '02': 'rejected',
  '03': 'accepted',
  '04': 'assigned',
  '05': 'in_process',
  '06': 'completed',
};

/**
 * Progress order. Statuses can arrive out of order (the axis does not keep order), so a recipient
 * only moves forward: a late 01 after 03 changes nothing. A rejection ends the line.
 */
const RANK: Record<RecipientStatus, number> = {
  refused: -1,
  cancelled: -1,
  queued: 0,
  failed: 0,
  sent: 1,
  arrived: 2,
  accepted: 3,
  assigned: 4,
  in_process: 5,
  completed: 6,
  rejected: 7,
};

export function rankOf(s: RecipientStatus): number {
  return RANK[s];
}

export const STATUS_DESCRIPTIONS: Record<string, string> = {
  '01': 'Đã đến',
  '02': 'Từ chối tiếp nhận',
  '03': 'Đã tiếp nhận, vào sổ',
  '04': 'Đã phân công xử lý',
  '05': 'Đang xử lý',
  '06': 'Đã hoàn thành xử lý',
  '13': 'Đề nghị thu hồi/cập nhật',
  '15': 'Đồng ý thu hồi/cập nhật',
  '16': 'Từ chối thu hồi/cập nhật',
};
