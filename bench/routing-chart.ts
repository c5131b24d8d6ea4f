/** The routing bench's curves (PGR against the share of strong calls) as a small standalone SVG. */
export interface ChartSeries {
  label: string;
  color: string;
  points: Array<{ share: number; pgr: number }>;
}

export function pgrChartSvg(title: string, series: ChartSeries[]): string {
  const width = 520;
  const height = 360;
  const margin = { left: 50, right: 160, top: 30, bottom: 40 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const maximumPgr = Math.max(1.2, ...series.flatMap((entry) => entry.points.map((point) => point.pgr)));
  const minimumPgr = Math.min(0, ...series.flatMap((entry) => entry.points.map((point) => point.pgr)));
  const x = (share: number) => margin.left + share * plotWidth;
  const y = (pgr: number) => margin.top + (1 - (pgr - minimumPgr) / (maximumPgr - minimumPgr)) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${margin.left}" y="18" font-size="13">${escapeXml(title)}</text>`,
    `<rect x="${margin.left}" y="${margin.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`,
  ];
  for (let tick = 0; tick <= 10; tick += 2) {
    const share = tick / 10;
    parts.push(`<text x="${x(share)}" y="${height - margin.bottom + 14}" text-anchor="middle">${tick * 10}%</text>`);
  }
  for (const pgr of [0, 0.5, 1]) {
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${y(pgr)}" y2="${y(pgr)}" stroke="#ddd"/>`);
    parts.push(`<text x="${margin.left - 6}" y="${y(pgr) + 4}" text-anchor="end">${pgr.toFixed(1)}</text>`);
  }
  parts.push(`<text x="${margin.left + plotWidth / 2}" y="${height - 8}" text-anchor="middle">share of strong-model calls</text>`);
  parts.push(`<text x="14" y="${margin.top + plotHeight / 2}" transform="rotate(-90 14 ${margin.top + plotHeight / 2})" text-anchor="middle">PGR</text>`);
  series.forEach((entry, index) => {
    const path = entry.points.map((point) => `${x(point.share).toFixed(1)},${y(point.pgr).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${path}" fill="none" stroke="${entry.color}" stroke-width="2"/>`);
    const legendY = margin.top + 14 + index * 16;
    parts.push(`<line x1="${width - margin.right + 10}" x2="${width - margin.right + 30}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${entry.color}" stroke-width="2"/>`);
    parts.push(`<text x="${width - margin.right + 34}" y="${legendY}">${escapeXml(entry.label)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
