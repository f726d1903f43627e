/** The VanThu mark: a folded document with a seal, drawn inline (no image files to load). */
export function BrandMark({ size = 40 }: { size?: number }) {
  return (
    <svg className="brand-mark" width={size} height={size} viewBox="0 0 40 40" aria-hidden="true" focusable="false">
      <rect x="2" y="2" width="36" height="36" rx="8" fill="#a4161a" />
      <path d="M12 9h11l6 6v16H12z" fill="#fff" />
      <path d="M23 9v6h6" fill="#f1d7d7" />
      <path d="M15 19h10M15 23h10M15 27h6" stroke="#a4161a" strokeWidth="1.6" strokeLinecap="round" />
      <circle cx="28" cy="29" r="5" fill="#f2c14e" stroke="#fff" strokeWidth="1.5" />
    </svg>
  );
}
