import { DAY_MS, roundTo } from '../shared/calendar';
import { compareText } from '../shared/text-order';
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
  return pipelineAnswerOf(groupBy, groups, total);
}

/** The answer from the groups' counts: groups in key order, empty ones left out, and their total. */
export function pipelineAnswerOf(
  groupBy: 'rep' | 'department',
  groups: ReadonlyMap<string, PipelineCounts>,
  total: PipelineCounts,
): PipelineAnswer {
  const rows = [...groups]
    .filter(([, counts]) => !counts.isEmpty())
    .sort(([a], [b]) => compareText(a, b))
    .map(([key, counts]) => ({ key, ...counts.figures() }));
  return { groupBy, rows, total: total.figures() };
}

/** A group's counts, however they are found, and the figures they give: conversion to four places, median days to win to two. */
export abstract class PipelineCounts {
  protected contacted = 0;
  protected open = 0;
  protected won = 0;
  protected lost = 0;
  protected readonly lostReasons: Record<string, number> = {};

  /** The median days from first contact to win over the group's wins; undefined without wins. */
  protected abstract medianDaysToWin(): number | undefined;

  isEmpty(): boolean {
    return this.contacted + this.open + this.won + this.lost === 0;
  }

  figures(): PipelineFigures {
    const closed = this.won + this.lost;
    const medianDays = this.medianDaysToWin();
    return {
      contacted: this.contacted,
      open: this.open,
      won: this.won,
      lost: this.lost,
      conversion: closed === 0 ? null : roundTo(this.won / closed, 4),
      medianDaysToWin: medianDays === undefined ? null : roundTo(medianDays, 2),
      lostReasons: Object.fromEntries(Object.entries(this.lostReasons).sort(([a], [b]) => compareText(a, b))),
    };
  }
}

class Tally extends PipelineCounts {
  /** The middle wins' milliseconds to win, by rank among the wins: one or two of them. */
  private readonly middles: Array<[number, number]> = [];

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

  /** As the median of every win's days would be: the middle one, or the mean of the two middle ones. */
  protected medianDaysToWin(): number | undefined {
    if (this.middles.length === 0) return undefined;
    const days = this.middles.sort(([a], [b]) => a - b).map(([, ms]) => ms / DAY_MS);
    return days.length === 1 ? days[0]! : (days[0]! + days[1]!) / 2;
  }
}
