import { DAY_MS, roundTo } from '../shared/calendar';
import type { PipelineAnswer, PipelineFigures } from './pipeline.query';

/**
 * What a tally statement answers, row by row: `part` 0 counts some of a group's
 * leads (`reason`, when not null, is the lost reason of the leads it counts as
 * lost); `part` 1 is a won lead's milliseconds from first contact to win, when
 * it is a middle value of its group's wins (`key_middle`, its rank) or of all
 * wins (`all_middle`).
 */
export interface TallyRow {
  part: 0 | 1;
  key: string;
  reason: string | null;
  contacted: number | null;
  open: number | null;
  won: number | null;
  lost: number | null;
  win_ms: number | null;
  key_middle: number | null;
  all_middle: number | null;
}

/** The answer from a tally statement's rows: groups in key order, empty ones left out, and their total. */
export function tallied(groupBy: 'rep' | 'department', rows: readonly TallyRow[]): PipelineAnswer {
  const groups = new Map<string, Tally>();
  const total = new Tally();
  const groupOf = (key: string) => {
    let group = groups.get(key);
    if (!group) groups.set(key, (group = new Tally()));
    return group;
  };
  for (const row of rows) {
    if (row.part === 0) {
      groupOf(row.key).count(row);
      total.count(row);
      continue;
    }
    if (row.key_middle !== null) groupOf(row.key).middle(row.key_middle, row.win_ms!);
    if (row.all_middle !== null) total.middle(row.all_middle, row.win_ms!);
  }
  const sorted = [...groups]
    .filter(([, tally]) => !tally.isEmpty())
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, tally]) => ({ key, ...tally.figures() }));
  return { groupBy, rows: sorted, total: total.figures() };
}

class Tally {
  private contacted = 0;
  private open = 0;
  private won = 0;
  private lost = 0;
  /** The middle wins' milliseconds to win, by rank among the wins: one or two of them. */
  private readonly middles: Array<[number, number]> = [];
  private readonly lostReasons: Record<string, number> = {};

  count(row: TallyRow): void {
    this.contacted += row.contacted!;
    this.open += row.open!;
    this.won += row.won!;
    this.lost += row.lost!;
    if (row.reason !== null && row.lost! > 0) this.lostReasons[row.reason] = (this.lostReasons[row.reason] ?? 0) + row.lost!;
  }

  middle(rank: number, winMs: number): void {
    this.middles.push([rank, winMs]);
  }

  isEmpty(): boolean {
    return this.contacted + this.open + this.won + this.lost === 0;
  }

  figures(): PipelineFigures {
    const closed = this.won + this.lost;
    return {
      contacted: this.contacted,
      open: this.open,
      won: this.won,
      lost: this.lost,
      conversion: closed === 0 ? null : roundTo(this.won / closed, 4),
      medianDaysToWin: this.middles.length === 0 ? null : roundTo(this.median(), 2),
      lostReasons: Object.fromEntries(Object.entries(this.lostReasons).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    };
  }

  /** As the median of every win's days would be: the middle one, or the mean of the two middle ones. */
  private median(): number {
    const days = this.middles.sort(([a], [b]) => a - b).map(([, ms]) => ms / DAY_MS);
    return days.length === 1 ? days[0]! : (days[0]! + days[1]!) / 2;
  }
}
