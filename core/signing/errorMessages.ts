// Error codes thrown by the signing side, with the Vietnamese and English texts for shared/i18n
// (errors.<CODE>). Kept here so the i18n owner can copy them in one go; a unit test checks that
// every code the signing code throws is listed.

export const SIGNING_ERROR_MESSAGES = {
  PDF_ENCRYPTED: {
    vi: 'Tệp PDF đã được mã hóa hoặc đặt mật khẩu. Hãy gỡ bảo vệ rồi ký lại.',
    en: 'The PDF is encrypted or password-protected. Remove the protection, then sign.',
  },
  SIG_ANCHOR_NOT_FOUND: {
    vi: 'Không tìm thấy đoạn văn bản dùng để đặt chữ ký. Kiểm tra lại hoặc chọn trang và vị trí.',
    en: 'The anchor text was not found. Check it or place the signature by page and rectangle.',
  },
  SIG_ALREADY_SEALED: {
    vi: 'Tệp đã ký này đã được đóng dấu cơ quan; không đóng dấu lần thứ hai.',
    en: 'The agency seal is already on this signed file; it is not added twice.',
  },
  SIG_CERTIFIED_NO_CHANGES: {
    vi: 'Văn bản đã được chứng thực "không cho phép thay đổi"; ký thêm sẽ làm mất hiệu lực chữ ký chứng thực.',
    en: 'The document is certified with "no changes allowed"; another signature would invalidate it.',
  },
  SIG_CERT_EXPIRED: { vi: 'Chứng thư số đã hết hạn. Hãy gia hạn với tổ chức cung cấp dịch vụ chứng thực.', en: 'The certificate has expired. Renew it with the CA.' },
  SIG_CERT_NOT_YET_VALID: { vi: 'Chứng thư số chưa đến thời gian có hiệu lực.', en: 'The certificate is not valid yet.' },
  SIG_CERT_REVOKED: { vi: 'Chứng thư số đã bị thu hồi, không thể dùng để ký.', en: 'The certificate has been revoked and can no longer sign.' },
  SIG_CONTENTS_TOO_SMALL: { vi: 'Chữ ký lớn hơn chỗ dành sẵn trong tệp. Hãy ký lại.', en: 'The signature does not fit the reserved space. Sign again.' },
  SIG_KEY_UNSUPPORTED: { vi: 'Loại khóa không được hỗ trợ; hãy dùng RSA hoặc ECDSA P-256.', en: 'Unsupported key type; use RSA or ECDSA P-256.' },
  SIG_KEY_USAGE: {
    vi: 'Chứng thư số không dùng để ký (thiếu mục đích digitalSignature/nonRepudiation).',
    en: 'The certificate is not meant for signing (no digitalSignature/nonRepudiation key usage).',
  },
  SIG_NO_CERTIFICATE: { vi: 'Tệp khóa không có chứng thư số tương ứng với khóa bí mật.', en: 'The key file has no certificate for its private key.' },
  SIG_NO_KEY: { vi: 'Không tìm thấy khóa bí mật dùng để ký.', en: 'No signing private key was found.' },
  SIG_PASSPHRASE_WRONG: { vi: 'Mật khẩu của tệp khóa không đúng. Hãy nhập lại.', en: 'The key file passphrase is wrong. Type it again.' },
  SIG_PIN_LOCKED: { vi: 'Mã PIN của thiết bị ký số đã bị khóa. Liên hệ tổ chức chứng thực hoặc quản trị viên.', en: 'The token PIN is locked. Contact the CA or your administrator.' },
  SIG_PIN_NOT_SET: {
    vi: 'Thiết bị ký số chưa được đặt mã PIN người dùng (thiết bị mới hoặc vừa khởi tạo lại). Hãy đặt PIN bằng công cụ của tổ chức chứng thực rồi ký.',
    en: 'The token has no user PIN yet (new or reset token). Set the PIN with the CA\'s token tool, then sign.',
  },
  SIG_PIN_WRONG: { vi: 'Mã PIN của thiết bị ký số không đúng. Thiết bị sẽ bị khóa nếu nhập sai nhiều lần.', en: 'The token PIN is wrong; the token locks after a few wrong attempts.' },
  SIG_REVOCATION_UNAVAILABLE: { vi: 'Không kiểm tra được tình trạng thu hồi của chứng thư số. Kiểm tra kết nối mạng rồi ký lại.', en: 'The revocation status could not be obtained. Check the network, then sign again.' },
  SIG_TOKEN_ERROR: { vi: 'Thiết bị ký số báo lỗi.', en: 'The token reported an error.' },
  SIG_TOKEN_MODULE: { vi: 'Không nạp được thư viện PKCS#11 của thiết bị ký số. Hãy cài trình điều khiển.', en: 'The PKCS#11 library cannot be loaded. Install the token driver.' },
  SIG_TOKEN_NOT_FOUND: { vi: 'Không tìm thấy thiết bị ký số. Hãy cắm thiết bị vào máy.', en: 'No matching token is plugged in.' },
  SIG_TOKEN_REMOVED: { vi: 'Thiết bị ký số bị rút ra hoặc ngừng phản hồi khi đang ký. Tệp chưa bị thay đổi; hãy ký lại.', en: 'The token was removed while signing. The file was not changed; sign again.' },
  SIG_TSA_REJECTED: { vi: 'Dịch vụ cấp dấu thời gian từ chối yêu cầu.', en: 'The time-stamping service refused the request.' },
  SIG_TSA_UNREACHABLE: { vi: 'Không kết nối được dịch vụ cấp dấu thời gian. Kiểm tra mạng hoặc địa chỉ dịch vụ.', en: 'The time-stamping service did not answer. Check the network or its address.' },
} as const satisfies Record<string, { vi: string; en: string }>;
