import { Command, InvalidArgumentError, Option } from 'commander';
import { assistantEvalCommand } from '../assistant/nlu/evaluation/cli.ts';
import { DomainError } from '../core/errors.ts';
import { demoEvaluationData } from './evaluation/demo.ts';
import { evaluate, formatTable } from './evaluation/harness.ts';
import { evaluationMethods, seasonPolicies } from './evaluation/methods.ts';
import { readMovieLens } from './evaluation/movielens.ts';
import { type SeasonReport, simulateSeason } from './evaluation/season.ts';
import { simulatedEvaluationData, simulateHouse } from './evaluation/simulator.ts';
import type { EvaluationData } from './evaluation/split.ts';
import { createSimilarityIndex } from './similarity.ts';

/*
 * `foyer eval recommend` (the offline evaluation: one temporal split, every method, every
 * metric) and `foyer eval simulate` (the season simulation: how each policy changes what
 * people book and the range of their genres). The season is a command of its own rather
 * than a flag because it reports other things (bookings, genre ranges) on other data.
 */

const sources = ['simulated', 'demo', 'movielens'] as const;

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return number;
}

interface RecommendOptions {
  data: (typeof sources)[number];
  json?: boolean;
  seed: number;
  people: number;
}

async function evaluationData(options: RecommendOptions, directory: string | undefined): Promise<EvaluationData> {
  if (options.data === 'movielens') {
    if (directory === undefined) throw new DomainError('validation', '--data movielens needs the directory with u.data and u.item: foyer eval recommend --data movielens DIR');
    return readMovieLens(directory);
  }
  if (directory !== undefined) throw new DomainError('validation', `a directory is only read with --data movielens, not with --data ${options.data}`);
  if (options.data === 'demo') return demoEvaluationData();
  return simulatedEvaluationData(simulateHouse({ seed: options.seed, people: options.people }));
}

const sizeOptions = (command: Command) =>
  command
    .option('--seed <n>', 'seed of the simulated house', positiveInteger, 1)
    .option('--people <n>', 'size of the simulated audience', positiveInteger, 300);

function recommendCommand(): Command {
  return sizeOptions(
    new Command('recommend')
      .description('evaluate the recommender against popularity, content only, item-kNN and item-kNN with MMR on one temporal split')
      .argument('[dir]', 'with --data movielens: the directory holding the MovieLens 100k files u.data and u.item')
      .addOption(new Option('--data <source>', 'the data to evaluate on').choices(sources).default('simulated'))
      .option('--json', 'print a JSON array, one object per method with every metric as a number'),
  )
    .addHelpText(
      'after',
      [
        '',
        'Metrics at 10: ndcg10, recall10 (relevant: booked or attended after the cut; MovieLens: rated 4 or 5),',
        'ild (1 − mean pairwise similarity), novelty (bits), unexpectedness (distance from the history),',
        'serendipity (relevant and outside the comfort genres), coverage, gini (of exposure), calibrationKL (bits).',
        'MovieLens files are never shipped or downloaded: get ml-100k from GroupLens and point at it.',
      ].join('\n'),
    )
    .action(async (directory: string | undefined, options: RecommendOptions) => {
      const result = evaluate(await evaluationData(options, directory), evaluationMethods());
      if (options.json === true) console.log(JSON.stringify(result.rows));
      else for (const line of formatTable(result)) console.log(line);
    });
}

function seasonTable(reports: SeasonReport[]): string[] {
  const columns: [string, (r: SeasonReport) => string][] = [
    ['policy', (r) => r.policy],
    ['bookings', (r) => String(r.bookings)],
    ['discovery', (r) => String(r.discoveryBookings)],
    ['newGenre', (r) => String(r.firstBookingsInNewGenre)],
    ['range start', (r) => r.correctedStart.toFixed(3)],
    ['range end', (r) => r.correctedEnd.toFixed(3)],
    ['change', (r) => r.correctedChange.toFixed(3)],
    ['plug-in change', (r) => r.rangeChange.toFixed(3)],
    ['widened', (r) => `${(r.correctedWidened * 100).toFixed(0)}%`],
    ['narrowed', (r) => `${(r.correctedNarrowed * 100).toFixed(0)}%`],
    ['families', (r) => `${r.familiesStart.toFixed(2)}→${r.familiesEnd.toFixed(2)}`],
    ['per season', (r) => r.seasonRange.map((bits) => bits.toFixed(2)).join(' ')],
    ['coverage', (r) => r.coverage.toFixed(3)],
    ['gini', (r) => r.gini.toFixed(3)],
    ['ild', (r) => r.ild.toFixed(3)],
    ['novelty', (r) => r.novelty.toFixed(2)],
  ];
  const cells = reports.map((r) => columns.map(([, cell]) => cell(r)));
  const widths = columns.map(([title], i) => Math.max(title.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [
    line(columns.map(([title]) => title)),
    ...cells.map(line),
    '',
    'range: mean genre entropy (bits, Miller–Madow corrected) of what each person booked, before the played seasons and by their end;',
    'plug-in change: the same without the correction; families: genre families booked; per season: the corrected range within',
    'the last organic season, then within each played season (people with two bookings or more in it).',
  ];
}

function simulateCommand(): Command {
  return sizeOptions(
    new Command('simulate')
      .description("play a simulated house's season once per policy and report bookings, discoveries and the change in each person's genre range")
      .option('--json', 'print a JSON array, one object per policy (with the per-person ranges)')
      .option('--seasons <n>', 'seasons to play in a row, after two organic ones (a feedback loop needs more than one)', positiveInteger, 3),
  ).action((options: { json?: boolean; seed: number; people: number; seasons: number }) => {
    const house = simulateHouse({ seed: options.seed, people: options.people, seasons: 2 + options.seasons });
    const reports = seasonPolicies().map((policy) => simulateSeason(house, policy, { seed: options.seed, similarity: createSimilarityIndex, seasons: options.seasons }));
    if (options.json === true) console.log(JSON.stringify(reports));
    else for (const line of seasonTable(reports)) console.log(line);
  });
}

export function evalCommand(): Command {
  return new Command('eval')
    .description('measure the recommender (offline evaluation, season simulation) and the visitor assistant')
    .addCommand(recommendCommand())
    .addCommand(simulateCommand())
    .addCommand(assistantEvalCommand());
}
