import { rename, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeTarget, meets, type FigureId, type FigureRow, type Target } from './context';
import type { Sizes } from './sizes';
import { round3, spread, type Spread } from './stats';

export interface FigureStatus {
  id: FigureId;
  title: string;
  status: 'measured' | 'partial' | 'failed' | 'not measured';
  reason?: string;
  seconds: number;
}

/** One named figure over all its rounds. */
export interface SummaryRow {
  figure: FigureId;
  name: string;
  unit: string;
  rounds: number;
  product: Spread;
  baseline: Spread;
  ratio: Spread | null;
  target: Target | null;
  met: boolean | null;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  mode: string;
  sizes: Sizes;
  environment: Record<string, string | number>;
  figures: FigureStatus[];
  summary: SummaryRow[];
  rows: FigureRow[];
  notes: { figure: FigureId | 'harness'; text: string }[];
}

/**
 * Ratio targets are judged on the median ratio over the rounds; bounds on the product's own value
 * (timer lateness, errors) on its worst round.
 */
export function summarize(rows: FigureRow[]): SummaryRow[] {
  const names = [...new Set(rows.map((row) => row.name))];
  return names.map((name) => {
    const rounds = rows.filter((row) => row.name === name);
    const first = rounds[0]!;
    const ratios = rounds.map((row) => row.ratio).filter((value): value is number => value !== null);
    const product = spread(rounds.map((row) => row.product));
    const ratioSpread = ratios.length === 0 ? null : spread(ratios);
    const target = first.target;
    const worst = target?.op === '<=' ? product.max : product.min;
    return {
      figure: first.figure,
      name,
      unit: first.unit,
      rounds: rounds.length,
      product,
      baseline: spread(rounds.map((row) => row.baseline)),
      ratio: ratioSpread,
      target,
      met: target?.on === 'product' ? meets(target, worst, null) : meets(target, product.median, ratioSpread?.median ?? null),
    };
  });
}

function show(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '—' : String(round3(value));
}

export function toMarkdown(report: BenchReport): string {
  const lines = [
    `## Groundwork bench (${report.mode}) — ${report.startedAt}`,
    '',
    '| figure | unit | product (median) | baseline (median) | ratio min / median / max | target | met |',
    '| --- | --- | ---: | ---: | --- | --- | :---: |',
  ];
  for (const row of report.summary) {
    const ratio = row.ratio ? `${show(row.ratio.min)} / ${show(row.ratio.median)} / ${show(row.ratio.max)}` : '—';
    const met = row.met === null ? '—' : row.met ? 'yes' : '**no**';
    lines.push(`| ${row.name} | ${row.unit} | ${show(row.product.median)} | ${show(row.baseline.median)} | ${ratio} | ${describeTarget(row.target)} | ${met} |`);
  }
  for (const figure of report.figures.filter((candidate) => candidate.status !== 'measured')) {
    lines.push(`| ${figure.id} | | | | | | ${figure.status}: ${figure.reason ?? ''} |`);
  }
  lines.push(
    '',
    `${report.sizes.rounds} round(s), baseline and product alternating in each; ratio = product / baseline. ` +
      'Ratio targets are judged on the median ratio, bounds on the product itself on its worst round.',
  );
  if (report.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of report.notes) lines.push(`- ${note.figure}: ${note.text}`);
  }
  lines.push('', `Figures took: ${report.figures.map((figure) => `${figure.id} ${Math.round(figure.seconds)} s`).join(', ')}`);
  return lines.join('\n');
}

/** Writes `<dir>/<date>.json` through a temporary file, so a partial file never looks like a result. */
export async function writeReport(directory: string, report: BenchReport): Promise<string> {
  await mkdir(directory, { recursive: true });
  const stamp = report.startedAt.replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');
  const file = join(directory, `${stamp}${report.mode === 'full' ? '' : `-${report.mode}`}.json`);
  const temporary = `${file}.tmp`;
  await writeFile(temporary, `${JSON.stringify(report, null, 2)}\n`);
  await rename(temporary, file);
  return file;
}
