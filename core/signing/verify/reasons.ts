// Reason codes of a signature verdict, with Vietnamese and English text. `effect` says what the
// reason does to the signature's status: invalid > indeterminate > changed > info.

export type ReasonEffect = 'invalid' | 'indeterminate' | 'changed' | 'info';

interface ReasonText {
  effect: ReasonEffect;
  vi: string;
  en: string;
}

export const REASONS = {
  // --- the signed bytes ---
  BYTE_RANGE_MISSING: { effect: 'invalid', vi: 'Chữ ký không có /ByteRange: không biết phần nào của tệp được ký.', en: 'The signature has no /ByteRange, so it is unknown which bytes were signed.' },
  BYTE_RANGE_MALFORMED: { effect: 'invalid', vi: '/ByteRange không hợp lệ (phải gồm 4 số nguyên không âm, bắt đầu từ 0).', en: 'The /ByteRange is malformed (it must be four non-negative integers starting at 0).' },
  BYTE_RANGE_OUTSIDE_FILE: { effect: 'invalid', vi: '/ByteRange trỏ ra ngoài tệp.', en: 'The /ByteRange points outside the file.' },
  BYTE_RANGE_OVERLAP: { effect: 'invalid', vi: 'Các đoạn của /ByteRange chồng lên nhau.', en: 'The /ByteRange segments overlap.' },
  BYTE_RANGE_GAP_NOT_CONTENTS: { effect: 'invalid', vi: 'Phần không được ký không trùng khớp với giá trị chữ ký /Contents (có thể là tấn công bọc chữ ký).', en: 'The unsigned gap is not exactly the /Contents value (possible signature wrapping).' },
  BYTE_RANGE_NOT_REVISION_END: { effect: 'invalid', vi: 'Phần được ký không kết thúc ở cuối một phiên bản của tệp.', en: 'The signed bytes do not end at the end of a file revision.' },
  SIGNATURE_DICT_UNSIGNED: { effect: 'invalid', vi: 'Từ điển chữ ký nằm ngoài phần được ký hoặc bị nén trong luồng đối tượng.', en: 'The signature dictionary lies outside the signed bytes or inside a compressed object stream.' },
  CONTENTS_MISSING: { effect: 'invalid', vi: 'Chữ ký không có giá trị /Contents.', en: 'The signature has no /Contents value.' },
  CONTENTS_EMPTY: { effect: 'invalid', vi: 'Giá trị chữ ký /Contents rỗng.', en: 'The /Contents value is empty.' },
  CONTENTS_NOT_HEX: { effect: 'invalid', vi: '/Contents phải là chuỗi thập lục phân.', en: '/Contents must be a hexadecimal string.' },
  CONTENTS_TRAILING_DATA: { effect: 'invalid', vi: 'Sau dữ liệu chữ ký trong /Contents còn dữ liệu lạ.', en: 'There is unexpected data after the signature inside /Contents.' },
  DIGEST_MISMATCH: { effect: 'invalid', vi: 'Tài liệu đã bị thay đổi sau khi ký: mã băm không khớp.', en: 'The document was altered after signing: the digest does not match.' },
  // --- the CMS signature ---
  CMS_MALFORMED: { effect: 'invalid', vi: 'Không đọc được dữ liệu chữ ký (CMS/PKCS#7).', en: 'The signature data (CMS/PKCS#7) cannot be read.' },
  UNSUPPORTED_SUBFILTER: { effect: 'indeterminate', vi: 'Định dạng chữ ký (/SubFilter) không được hỗ trợ.', en: 'The signature format (/SubFilter) is not supported.' },
  UNSUPPORTED_ALGORITHM: { effect: 'indeterminate', vi: 'Thuật toán chữ ký hoặc băm không được hỗ trợ.', en: 'The signature or digest algorithm is not supported.' },
  WEAK_ALGORITHM: { effect: 'invalid', vi: 'Chữ ký dùng thuật toán băm yếu (SHA-1), không còn được chấp nhận.', en: 'The signature uses a weak digest (SHA-1) that is no longer accepted.' },
  SIGNER_CERT_MISSING: { effect: 'indeterminate', vi: 'Không tìm thấy chứng thư số của người ký trong chữ ký.', en: "The signer's certificate is not included in the signature." },
  CONTENT_TYPE_MISMATCH: { effect: 'invalid', vi: 'Thuộc tính content-type được ký không hợp lệ.', en: 'The signed content-type attribute is wrong.' },
  SIGNED_ATTRS_MISSING_DIGEST: { effect: 'invalid', vi: 'Thiếu thuộc tính message-digest trong phần được ký.', en: 'The signed attributes lack a message-digest.' },
  SIGNATURE_VALUE_INVALID: { effect: 'invalid', vi: 'Giá trị chữ ký không đúng với khóa công khai của người ký.', en: "The signature value does not verify with the signer's public key." },
  SIGNING_CERT_ATTR_MISMATCH: { effect: 'invalid', vi: 'Chứng thư được ghi trong chữ ký (signing-certificate) không khớp với chứng thư người ký.', en: 'The signing-certificate attribute does not match the signer certificate.' },
  SIGNING_CERT_ATTR_ABSENT: { effect: 'info', vi: 'Chữ ký thiếu thuộc tính signing-certificate-v2 (không theo chuẩn PAdES cơ bản).', en: 'The signature lacks signing-certificate-v2 (not PAdES baseline).' },
  // --- certificates ---
  CHAIN_NOT_TRUSTED: { effect: 'indeterminate', vi: 'Chứng thư số không thuộc chuỗi tin cậy đã cấu hình (không xác định được người ký).', en: 'The certificate does not chain to a configured trust anchor (signer identity unknown).' },
  CERT_NOT_YET_VALID: { effect: 'invalid', vi: 'Chứng thư số chưa có hiệu lực tại thời điểm ký.', en: 'A certificate was not yet valid at the signing time.' },
  CERT_EXPIRED: { effect: 'invalid', vi: 'Chứng thư số đã hết hạn tại thời điểm ký.', en: 'A certificate had expired at the signing time.' },
  CERT_EXPIRED_NOW: { effect: 'info', vi: 'Chứng thư số đã hết hạn vào thời điểm hiện tại (vẫn còn hạn khi ký).', en: 'A certificate has expired since (it was valid when signing).' },
  KEY_USAGE_NOT_SIGNING: { effect: 'invalid', vi: 'Chứng thư người ký không được phép dùng để ký số (thiếu digitalSignature/nonRepudiation).', en: 'The signer certificate is not allowed for signing (no digitalSignature/nonRepudiation).' },
  CA_CONSTRAINTS_VIOLATED: { effect: 'invalid', vi: 'Một chứng thư trung gian không phải là CA hợp lệ.', en: 'An intermediate certificate is not a valid CA.' },
  // --- revocation ---
  CERT_REVOKED: { effect: 'invalid', vi: 'Chứng thư số đã bị thu hồi trước thời điểm ký (hoặc thời điểm ký không được chứng thực).', en: 'A certificate was revoked before the signing time (or the signing time is not attested).' },
  REVOKED_AFTER_SIGNING: { effect: 'info', vi: 'Chứng thư số bị thu hồi sau thời điểm ký đã được dấu thời gian chứng thực.', en: 'A certificate was revoked after the time-stamped signing time.' },
  REVOCATION_UNKNOWN: { effect: 'indeterminate', vi: 'Không kiểm tra được tình trạng thu hồi của chứng thư số (không có dữ liệu OCSP/CRL).', en: 'The revocation status could not be checked (no OCSP/CRL data).' },
  CA_REVOCATION_NOT_PUBLISHED: { effect: 'info', vi: 'Chứng thư CA trung gian không công bố nơi kiểm tra thu hồi (OCSP/CRL); bỏ qua bước này.', en: 'An intermediate CA certificate names no OCSP or CRL address; its revocation could not be checked.' },
  REVOCATION_CHECKED: { effect: 'info', vi: 'Đã kiểm tra tình trạng thu hồi: chứng thư số còn hiệu lực.', en: 'Revocation checked: the certificates are not revoked.' },
  // --- time ---
  TIME_CLAIMED: { effect: 'info', vi: 'Thời điểm ký lấy theo đồng hồ máy người ký, không có dấu thời gian chứng thực.', en: "The signing time comes from the signer's computer clock; there is no time-stamp." },
  TIMESTAMP_VALID: { effect: 'info', vi: 'Dấu thời gian hợp lệ.', en: 'The time-stamp is valid.' },
  TIMESTAMP_INVALID: { effect: 'invalid', vi: 'Dấu thời gian không hợp lệ.', en: 'The time-stamp is invalid.' },
  TIMESTAMP_UNTRUSTED: { effect: 'indeterminate', vi: 'Dấu thời gian do đơn vị không thuộc chuỗi tin cậy cấp.', en: 'The time-stamp authority is not trusted.' },
  // --- what changed after signing ---
  LATER_SIGNATURES: { effect: 'info', vi: 'Sau khi ký, tài liệu chỉ được thêm chữ ký hoặc dữ liệu kiểm tra chữ ký (hợp lệ).', en: 'After signing, only signatures or validation data were added (allowed).' },
  FORM_FILLED: { effect: 'changed', vi: 'Sau khi ký, tài liệu đã được điền biểu mẫu (thay đổi được phép).', en: 'After signing, form fields were filled in (an allowed change).' },
  FIELD_ADDED: { effect: 'changed', vi: 'Sau khi ký, tài liệu được thêm trường biểu mẫu (thay đổi được phép).', en: 'After signing, form fields were added (an allowed change).' },
  ANNOTATIONS_CHANGED: { effect: 'changed', vi: 'Sau khi ký, tài liệu được thêm/sửa chú thích (thay đổi được phép, cần xem lại nội dung hiển thị).', en: 'After signing, annotations were added or changed (allowed; review what is displayed).' },
  DISALLOWED_CHANGE: { effect: 'invalid', vi: 'Sau khi ký, tài liệu đã bị sửa theo cách không được phép (nội dung trang, trang mới hoặc đối tượng bị định nghĩa lại).', en: 'After signing, the document was changed in a disallowed way (page content, new pages or redefined objects).' },
  CERTIFICATION_VIOLATED: { effect: 'invalid', vi: 'Thay đổi sau khi ký vi phạm quyền hạn của chữ ký chứng nhận (DocMDP).', en: 'Changes after signing violate the certification signature permissions (DocMDP).' },
  FIELD_LOCKED: { effect: 'invalid', vi: 'Sau khi ký, một trường biểu mẫu đã bị chữ ký khóa lại vẫn bị sửa (FieldMDP).', en: 'After signing, a form field locked by the signature was changed (FieldMDP).' },
  UNREADABLE_UPDATE: { effect: 'invalid', vi: 'Sau phần được ký có dữ liệu không phải là bản cập nhật PDF hợp lệ.', en: 'The bytes after the signed part are not a readable PDF update.' },
  // --- document level ---
  NO_SIGNATURES: { effect: 'indeterminate', vi: 'Tài liệu không có chữ ký số.', en: 'The document has no digital signatures.' },
  VERIFY_FAILED: { effect: 'indeterminate', vi: 'Không kiểm tra được chữ ký này do cấu trúc tệp bất thường.', en: 'This signature could not be checked: the file structure is unusual.' },
  NOT_A_PDF: { effect: 'invalid', vi: 'Tệp không phải là PDF đọc được.', en: 'The file is not a readable PDF.' },
} as const satisfies Record<string, ReasonText>;

export type ReasonCode = keyof typeof REASONS;

export interface Reason {
  code: ReasonCode;
  vi: string;
  en: string;
  /** Technical detail (object numbers, certificate names …), English. */
  detail?: string;
}

export function reason(code: ReasonCode, detail?: string): Reason {
  const r = REASONS[code];
  return detail ? { code, vi: r.vi, en: r.en, detail } : { code, vi: r.vi, en: r.en };
}

export function effectOf(code: ReasonCode): ReasonEffect {
  return REASONS[code].effect;
}
