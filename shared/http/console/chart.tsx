/**
 * The dashboard's chart of due dates by month, as inline SVG rendered on the server: one bar per month, the month
 * under it as MM/yyyy, the count above a non-empty bar, a <title> and <desc> for assistive technology and, beside
 * it, a table of the same figures. No script, no `style` attribute (the console's CSP allows neither): geometry and
 * colours are SVG presentation attributes, sizing a class of the stylesheet.
 */
import { formatMonthVi } from '../../domain/dashboard';

/** Bar colour: the console's link blue, 7.3:1 against white. */
const BAR = '#0b57a4';
const INK = '#1b1f24';
const GRID = '#d0d7de';

const WIDTH = 960;
const HEIGHT = 320;
const MARGIN = { top: 24, right: 12, bottom: 72, left: 44 };

/** Tick values of the count axis: whole numbers from 0 to a round top at or above `max` (at most 6 steps). */
export function countTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude);
  const top = Math.ceil(max / step) * step;
  return Array.from({ length: top / step + 1 }, (_, i) => i * step);
}

export interface ChartBucket {
  month: string;
  count: number;
}

export function DueChart(props: { id: string; buckets: ChartBucket[]; title: string; description: string }) {
  const { buckets, id } = props;
  const ticks = countTicks(Math.max(0, ...buckets.map((b) => b.count)));
  const top = ticks[ticks.length - 1];
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotWidth / Math.max(1, buckets.length);
  const barWidth = Math.max(2, slot * 0.7);
  const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const round = (n: number) => Math.round(n * 10) / 10;
  return (
    <svg
      class="due-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      xmlns="http://www.w3.org/2000/svg"
      font-family="system-ui, sans-serif"
    >
      <title id={`${id}-title`}>{props.title}</title>
      <desc id={`${id}-desc`}>{props.description}</desc>
      <g class="axis" aria-hidden="true">
        {ticks.map((tick) => (
          <>
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={round(y(tick))} y2={round(y(tick))} stroke={GRID} stroke-width="1" />
            <text x={MARGIN.left - 6} y={round(y(tick) + 4)} text-anchor="end" font-size="12" fill={INK}>
              {String(tick)}
            </text>
          </>
        ))}
        <line x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={MARGIN.top + plotHeight} stroke={INK} stroke-width="1" />
      </g>
      <g class="bars">
        {buckets.map((b, i) => {
          const x = MARGIN.left + i * slot + (slot - barWidth) / 2;
          const height = (b.count / top) * plotHeight;
          const labelX = round(x + barWidth / 2);
          const labelY = MARGIN.top + plotHeight + 14;
          return (
            <g class="bar" data-month={b.month} data-count={String(b.count)}>
              <title>{`${formatMonthVi(b.month)}: ${b.count} người đến hạn`}</title>
              <rect x={round(x)} y={round(y(b.count))} width={round(barWidth)} height={round(height)} fill={BAR} />
              {b.count > 0 ? (
                <text x={labelX} y={round(y(b.count) - 5)} text-anchor="middle" font-size="12" font-weight="600" fill={INK} aria-hidden="true">
                  {String(b.count)}
                </text>
              ) : null}
              <text
                x={labelX}
                y={labelY}
                text-anchor="end"
                font-size="12"
                fill={INK}
                transform={`rotate(-55 ${labelX} ${labelY})`}
                aria-hidden="true"
              >
                {formatMonthVi(b.month)}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}
