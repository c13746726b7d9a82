import { Command, Option } from 'commander';
import { type AssistantEvaluation, type EvaluationSetName, evaluateAssistantSets, evaluationSetNames, formatAssistantEvaluations } from './harness.ts';

/*
 * `foyer eval assistant`: the visitor assistant's understanding on the labelled sets,
 * trained on the demo house's knowledge base and productions. No database, no network.
 * The JSON keeps the development set's figures at the top level, as before the held-out
 * set existed, so that what already reads them goes on working; the held-out set's
 * figures come in `heldOut`, with the same fields.
 */
export function assistantEvalCommand(): Command {
  return new Command('assistant')
    .description("evaluate the visitor assistant's offline understanding on the labelled sets: intent, entity and FAQ answer accuracy, latency")
    .addOption(
      new Option('--set <set>', 'which labelled set: the development set (tuned on), the held-out set (never tuned on) or both')
        .choices([...evaluationSetNames, 'both'])
        .default('both'),
    )
    .option('--json', 'print one JSON object with every figure (and the mistakes)')
    .option('--mistakes', 'list every message understood wrongly')
    .action(async (options: { set: EvaluationSetName | 'both'; json?: boolean; mistakes?: boolean }) => {
      const names = options.set === 'both' ? evaluationSetNames : [options.set];
      const results = await evaluateAssistantSets(names);
      if (options.json === true) {
        const heldOut: AssistantEvaluation | undefined = results['held-out'];
        console.log(JSON.stringify({ ...results.development, ...(heldOut === undefined ? {} : { heldOut }) }));
        return;
      }
      const table = names.flatMap((name) => {
        const result = results[name];
        return result === undefined ? [] : [{ name, result }];
      });
      for (const line of formatAssistantEvaluations(table, { mistakes: options.mistakes === true })) console.log(line);
    });
}
