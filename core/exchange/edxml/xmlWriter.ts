// A minimal XML serializer: we only ever write documents whose shape we control, so a string
// builder with correct escaping is safer and faster than a general-purpose builder.

export interface WNode {
  name: string;
  attrs?: [string, string][];
  children?: (WNode | null | undefined | false)[];
  text?: string;
}

export function escapeText(s: string): string {
  return s.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

export function escapeAttr(s: string): string {
  return s.replace(/[&<"\t\n\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '"' ? '&quot;' : `&#${c.charCodeAt(0)};`,
  );
}

export function serialize(node: WNode, indent = 0, out: string[] = []): string[] {
  const pad = '  '.repeat(indent);
  const attrs = (node.attrs ?? []).map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
  const kids = (node.children ?? []).filter((c): c is WNode => !!c);
  if (node.text !== undefined) {
    out.push(`${pad}<${node.name}${attrs}>${escapeText(node.text)}</${node.name}>`);
  } else if (kids.length === 0) {
    out.push(`${pad}<${node.name}${attrs}/>`);
  } else {
    out.push(`${pad}<${node.name}${attrs}>`);
    for (const k of kids) serialize(k, indent + 1, out);
    out.push(`${pad}</${node.name}>`);
  }
  return out;
}

export function toXmlDocument(root: WNode): string {
  return ['<?xml version="1.0" encoding="UTF-8"?>', ...serialize(root)].join('\n') + '\n';
}
