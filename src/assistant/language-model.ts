import { z } from 'zod';
import { masked } from './dialogue/model.ts';
import type { Language } from './nlu/types.ts';

/*
 * The optional language model: any OpenAI-compatible /v1/chat/completions endpoint
 * (FOYER_LLM_URL), off by default. It only rephrases an answer the assistant already
 * has (an FAQ entry, a list of performances) from those facts; it never decides a
 * booking, a price or a handover, and sees no personal data: no names, no addresses, no
 * codes, only the question with addresses and numbers masked, and the facts. Any error,
 * timeout or odd answer falls back to the plain answer, so everything works without it.
 */

export interface LanguageModelSettings {
  url: string | null;
  model: string;
  apiKey: string | null;
  timeoutMs: number;
}

export interface PhraseRequest {
  question: string;
  /** The retrieved facts the answer must rest on, in the visitor's language. */
  facts: readonly string[];
  language: Language;
}

export interface LanguageModel {
  readonly configured: boolean;
  /** The answer in other words, or null (not configured, failed, timed out, unusable): use the plain answer. */
  phrase(request: PhraseRequest): Promise<string | null>;
}

const completion = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
});

const maxAnswerLength = 2000;

function systemPrompt(language: Language): string {
  return language === 'de'
    ? 'Du bist der freundliche Assistent eines Kulturhauses. Antworte kurz und herzlich auf Deutsch in der Sie-Form. Verwende ausschließlich die folgenden Fakten; erfinde nichts, nenne keine Preise oder Termine, die nicht in den Fakten stehen. Wenn die Fakten die Frage nicht beantworten, gib die Fakten unverändert wieder.'
    : 'You are the friendly assistant of a cultural venue. Answer briefly and warmly in English. Use only the facts below; invent nothing, and name no prices or dates that are not in the facts. If the facts do not answer the question, repeat the facts unchanged.';
}

export const languageModelOff: LanguageModel = { configured: false, phrase: async () => null };

export function createLanguageModel(settings: LanguageModelSettings, onError?: (error: unknown) => void): LanguageModel {
  const { url } = settings;
  if (url === null) return languageModelOff;
  const endpoint = `${url.replace(/\/$/, '')}/v1/chat/completions`;

  async function phrase(request: PhraseRequest): Promise<string | null> {
    if (request.facts.length === 0) return null;
    const body = {
      model: settings.model,
      temperature: 0.2,
      max_tokens: 400,
      messages: [
        { role: 'system', content: `${systemPrompt(request.language)}\n\n${request.facts.map((fact) => `- ${fact}`).join('\n')}` },
        { role: 'user', content: masked(request.question).slice(0, 1000) },
      ],
    };
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(settings.apiKey === null ? {} : { authorization: `Bearer ${settings.apiKey}` }) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      if (!response.ok) throw new Error(`language model answered ${response.status}`);
      const parsed = completion.safeParse(await response.json());
      if (!parsed.success) throw new Error('language model answered in an unknown shape');
      const text = parsed.data.choices[0]?.message.content.trim() ?? '';
      if (text === '' || text.length > maxAnswerLength) throw new Error('language model answer empty or too long');
      return text;
    } catch (error) {
      onError?.(error);
      return null;
    }
  }

  return { configured: true, phrase };
}
