/**
 * Advance widths of DejaVu Sans (the font every figure is rendered with, render.ts), used
 * to lay out text without a canvas: legends of the bond maps, and vega's text bounds
 * (vega otherwise estimates 0.8 em per character, which leaves wide margins).
 *
 * Widths are the font's hmtx advances in 1/1000 em (DejaVu Sans Book, 2048 units/em),
 * for ASCII 32–126 plus the Greek letters and symbols the figures use. Bold is about 10 %
 * wider. Unknown characters count as 0.62 em; combining marks (U+0300–U+036F) as 0.
 */
const ASCII = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636,
  636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
  603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635,
  634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];
const EXTRA: Record<string, number> = {
  'α': 659, 'β': 638, 'γ': 592, 'δ': 612, 'ε': 541, 'λ': 592, 'μ': 636, 'ξ': 558, 'π': 602, 'σ': 634, 'φ': 660,
  'χ': 578, 'ψ': 660, 'ω': 837, 'Δ': 684, 'Ξ': 632, '·': 318, '−': 838, '±': 838, '×': 838, '∝': 714, '≥': 838,
  '≤': 838, '⟨': 390, '⟩': 390, '⁺': 528, '⁻': 528, '⁰': 401, '¹': 401, '²': 401, '³': 401, '⁴': 401, '⁵': 401,
  '⁶': 401, '⁷': 401, '⁸': 401, '⁹': 401, '’': 318, '…': 1000, '▶': 769, '◀': 769, '▲': 769, '▼': 769,
};

/** Width in px of `text` set in DejaVu Sans at `fontSize` px (bold: ×1.1). */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 32 && code <= 126) em += ASCII[code - 32];
    else if (code >= 0x300 && code <= 0x36f) continue;
    else em += EXTRA[ch] ?? 620;
  }
  return (em / 1000) * fontSize * (bold ? 1.1 : 1);
}
