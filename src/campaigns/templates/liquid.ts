import { type Context, type Emitter, Liquid, Tag, type TagToken, type TopLevelToken } from 'liquidjs';
import { isBlockKey, type RenderedBlock } from './model.ts';

/*
 * The two Liquid engines of campaign mails, one for the HTML part (every {{ }} output is
 * HTML-escaped: a contact named "<script>" stays text) and one for the subject and the
 * text part (no escaping: plain text has no markup to break).
 *
 * Locked down because templates are edited in the staff app: no file system (include,
 * render and layout are refused when the template is compiled, and the engine has no
 * templates to load anyway), only a property's own values are read (no
 * `contact.constructor`), unknown filters are an error when compiling, unknown variables
 * are empty, and one render may take at most a second.
 */

type Part = 'html' | 'text';

/** {% content "this_week" %}: places a programme block, its HTML or its text by engine. */
function contentTag(part: Part) {
  return class ContentTag extends Tag {
    private readonly key: string;

    constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
      super(token, remainTokens, liquid);
      const key = token.args.trim().replace(/^["']|["']$/g, '');
      if (!isBlockKey(key)) throw new Error(`{% content %} knows no block "${key}"`);
      this.key = key;
    }

    render(ctx: Context, emitter: Emitter): void {
      const block = ctx.getSync(['blocks', this.key]) as RenderedBlock | undefined | null;
      // Block HTML is escaped where it is made (blocks.ts): it goes out as it is.
      // In text a block is a paragraph of its own; the blank lines are tidied after the render.
      if (block !== undefined && block !== null) emitter.write(part === 'html' ? block.html : `\n\n${block.text}\n\n`);
    }
  };
}

class RefusedTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    throw new Error(`{% ${token.name} %} is not available in campaign templates: they read no files`);
  }

  render(): void {}
}

function engine(part: Part): Liquid {
  const liquid = new Liquid({
    outputEscape: part === 'html' ? 'escape' : undefined,
    strictVariables: false,
    strictFilters: true,
    ownPropertyOnly: true,
    templates: {},
    renderLimit: 1000,
    cache: false,
  });
  liquid.registerTag('content', contentTag(part));
  for (const name of ['include', 'render', 'layout']) liquid.registerTag(name, RefusedTag);
  return liquid;
}

export const htmlLiquid = engine('html');
export const textLiquid = engine('text');
