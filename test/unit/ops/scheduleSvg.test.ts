import { describe, expect, it } from 'vitest';
import { computeSchedule } from '../../../bin/ops/schedule';
import { escapeXml, niceTicks, renderScheduleSvg } from '../../../bin/ops/scheduleSvg';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * A minimal XML well-formedness checker: tokenizes tags, checks every open tag is closed in
 * order, attributes are quoted and unique, `&` only starts a known entity, one root element.
 * Throws on the first problem; returns the root.
 */
function parseXml(xml: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const fail = (why: string): never => {
    throw new Error(`${why} at offset ${i}: ${JSON.stringify(xml.slice(i, i + 40))}`);
  };
  const checkEntities = (text: string) => {
    const bad = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(text);
    if (bad) fail('bare & or unknown entity');
    if (text.includes('<')) fail('< in text or attribute');
  };
  if (xml.startsWith('<?xml')) {
    i = xml.indexOf('?>') + 2;
    if (i < 2) fail('unterminated XML declaration');
  }
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (text.trim()) {
      if (stack.length === 0) fail('text outside the root element');
      checkEntities(text);
      stack[stack.length - 1]!.text += text;
    }
    if (lt === -1) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i);
      if (end === -1) fail('unterminated comment');
      i = end + 3;
      continue;
    }
    const gt = xml.indexOf('>', i);
    if (gt === -1) fail('unterminated tag');
    const tag = xml.slice(i + 1, gt);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (!open || open.name !== name) fail(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      i = gt + 1;
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const m = /^([A-Za-z_][\w:.-]*)/.exec(body);
    if (!m) fail('bad tag name');
    const element: XmlElement = { name: m![1]!, attributes: {}, children: [], text: '' };
    let rest = body.slice(m![0].length);
    const attr = /^\s+([A-Za-z_][\w:.-]*)="([^"]*)"/;
    for (let a = attr.exec(rest); a; a = attr.exec(rest)) {
      if (a[1]! in element.attributes) fail(`duplicate attribute ${a[1]}`);
      checkEntities(a[2]!);
      element.attributes[a[1]!] = a[2]!;
      rest = rest.slice(a[0].length);
    }
    if (rest.trim()) fail(`junk in tag <${element.name}>: ${rest}`);
    if (stack.length > 0) stack[stack.length - 1]!.children.push(element);
    else if (root) fail('second root element');
    else root = element;
    if (!selfClosing) stack.push(element);
    i = gt + 1;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

function all(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => all(c, name))];
}

describe('the XML checker itself', () => {
  it('rejects what is not well-formed', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow(/closes/);
    expect(() => parseXml('<a>')).toThrow(/unclosed/);
    expect(() => parseXml('<a x=1/>')).toThrow(/junk/);
    expect(() => parseXml('<a>A & B</a>')).toThrow(/bare &/);
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(/duplicate/);
    expect(() => parseXml('<a/><b/>')).toThrow(/second root/);
    expect(parseXml('<a x="&amp;"><b/>t &lt; u</a>').children).toHaveLength(1);
  });
});

describe('renderScheduleSvg', () => {
  it('is well-formed SVG with one point per retry and no band for a deterministic policy', () => {
    const result = computeSchedule({ kind: 'exponential', base: 2, cap: 300 }, 8);
    const root = parseXml(renderScheduleSvg(result));
    expect(root.name).toBe('svg');
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(all(root, 'circle')).toHaveLength(7);
    const p50 = all(root, 'polyline').find((p) => p.attributes.class === 'p50')!;
    expect(p50.attributes.points!.trim().split(/\s+/)).toHaveLength(7);
    expect(all(root, 'polygon')).toHaveLength(0);
    expect(all(root, 'line').filter((l) => l.attributes.class === 'axis')).toHaveLength(2);
    const texts = all(root, 'text').map((t) => t.text);
    expect(texts).toContain('attempt');
    expect(texts).toContain('wait before the attempt');
  });

  it('draws the p5–p95 band and worst case for a jittered policy', () => {
    const result = computeSchedule({ kind: 'full-jitter', base: 1, cap: 60 }, 12, 500, 1);
    const root = parseXml(renderScheduleSvg(result));
    expect(all(root, 'circle')).toHaveLength(11);
    const band = all(root, 'polygon').find((p) => p.attributes.class === 'band')!;
    expect(band.attributes.points!.trim().split(/\s+/)).toHaveLength(22); // upper and lower edge
    expect(all(root, 'polyline').map((p) => p.attributes.class)).toEqual(['worst', 'p50']);
    // Every coordinate is a finite number inside the canvas.
    for (const c of all(root, 'circle')) {
      const [cx, cy] = [Number(c.attributes.cx), Number(c.attributes.cy)];
      expect(cx).toBeGreaterThanOrEqual(0);
      expect(cx).toBeLessThanOrEqual(800);
      expect(cy).toBeGreaterThanOrEqual(0);
      expect(cy).toBeLessThanOrEqual(420);
    }
  });

  it('escapes every piece of text', () => {
    const result = computeSchedule({ kind: 'fixed', base: 1 }, 3);
    const svg = renderScheduleSvg(result, { title: 'A & B <script>"x"</script>' });
    const root = parseXml(svg);
    expect(svg).not.toContain('<script>');
    expect(all(root, 'title')[0]!.text).toBe('A &amp; B &lt;script&gt;&quot;x&quot;&lt;/script&gt;');
    expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&apos;');
  });

  it('handles a single attempt and all-zero delays', () => {
    expect(all(parseXml(renderScheduleSvg(computeSchedule({ kind: 'fixed', base: 1 }, 1))), 'circle')).toHaveLength(0);
    expect(all(parseXml(renderScheduleSvg(computeSchedule({ kind: 'fixed', base: 0 }, 4))), 'circle')).toHaveLength(3);
  });

  it('picks 1-2-5 ticks that cover the maximum', () => {
    expect(niceTicks(100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    const t = niceTicks(31_536_000);
    expect(t[t.length - 1]).toBeGreaterThanOrEqual(31_536_000);
  });
});
