/**
 * Advance widths of DejaVu Sans, the font every figure is rendered with (shipped with the
 * package, render.ts `FIGURE_FONT`), used to lay out text without a canvas: legends of
 * the bond maps, and vega's text bounds (vega otherwise estimates 0.8 em per character,
 * which leaves wide margins).
 *
 * Widths are the hmtx advances of DejaVuSans.ttf and DejaVuSans-Bold.ttf (2.37, 2048
 * units/em) rounded to 1/1000 em, for ASCII 32–126 plus the Greek letters and symbols the
 * figures use (test/plot.test.ts reads them back from the shipped files). Unknown
 * characters count as 0.62 em (bold 0.68 em); combining marks (U+0300–U+036F) as 0.
 */
const ASCII = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636,
  636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
  603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635,
  634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];
const ASCII_BOLD = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696, 696,
  696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850,
  733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716,
  712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
];
const EXTRA: Record<string, number> = {
  'α': 659, 'β': 638, 'γ': 592, 'δ': 612, 'ε': 541, 'λ': 592, 'μ': 636, 'ξ': 558, 'π': 602, 'σ': 634, 'φ': 660,
  'χ': 578, 'ψ': 660, 'ω': 837, 'Δ': 684, 'Ξ': 632, '·': 318, '−': 838, '±': 838, '×': 838, '∝': 714, '≥': 838,
  '≤': 838, '⟨': 390, '⟩': 390, '⁺': 528, '⁻': 528, '⁰': 401, '¹': 401, '²': 401, '³': 401, '⁴': 401, '⁵': 401,
  '⁶': 401, '⁷': 401, '⁸': 401, '⁹': 401, '’': 318, '…': 1000, '▶': 769, '◀': 769, '▲': 769, '▼': 769,
};
const EXTRA_BOLD: Record<string, number> = {
  'α': 687, 'β': 716, 'γ': 681, 'δ': 687, 'ε': 557, 'λ': 633, 'μ': 736, 'ξ': 591, 'π': 791, 'σ': 779, 'φ': 782,
  'χ': 645, 'ψ': 794, 'ω': 869, 'Δ': 774, 'Ξ': 632, '·': 380, '−': 838, '±': 838, '×': 838, '∝': 712, '≥': 838,
  '≤': 838, '⟨': 457, '⟩': 457, '⁺': 528, '⁻': 528, '⁰': 438, '¹': 438, '²': 438, '³': 438, '⁴': 438, '⁵': 438,
  '⁶': 438, '⁷': 438, '⁸': 438, '⁹': 438, '’': 380, '…': 1000, '▶': 769, '◀': 769, '▲': 769, '▼': 769,
};

/** Width in px of `text` set in DejaVu Sans (Book or Bold) at `fontSize` px. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const ascii = bold ? ASCII_BOLD : ASCII;
  const extra = bold ? EXTRA_BOLD : EXTRA;
  const unknown = bold ? 680 : 620;
  let em = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 32 && code <= 126) em += ascii[code - 32];
    else if (code >= 0x300 && code <= 0x36f) continue;
    else em += extra[ch] ?? unknown;
  }
  return (em / 1000) * fontSize;
}
