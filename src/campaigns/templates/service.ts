import type { Scope } from '../../core/auth/model.ts';
import { DomainError, notFound } from '../../core/errors.ts';
import { parseInput } from '../../core/input.ts';
import type { CatalogueService } from '../../catalogue/service.ts';
import type { Contact } from '../../audience/contacts/schemas.ts';
import type { BrandingService } from './branding.ts';
import { type CompiledTemplate, compileTemplate, render } from './compile.ts';
import type { ContentBlocks, ContentFocus } from './content.ts';
import { type LibraryEntry, libraryEntries, libraryEntry, librarySource } from './library.ts';
import { addressLine, type Blocks, firstNameOf, type RenderContext, type RenderedBlock, type RenderedMail, type TemplateLanguage, templateLanguages } from './model.ts';
import { type PreviewInput, previewInput } from './schemas.ts';

/*
 * The template library and its preview for staff. A preview renders exactly as a send
 * will: the house's branding, the programme blocks of today, the recommendations of the
 * chosen person; only the links are inert, so that clicking around in a preview
 * unsubscribes nobody.
 */

/** Shown when staff preview without choosing a person (or may not see people). */
export const sampleContact = { name: 'Erika Mustermann', firstName: 'Erika' } as const;

const inertLinks = { unsubscribe: '#unsubscribe', preferences: '#preferences', view_online: '#view-online', survey: '#survey' };

/** A campaign's edited sources in one language; what is missing comes from the library. */
export interface EditedSource {
  subject: string;
  preheader: string;
  body: string;
}

export interface PreparedMail {
  houseId: string;
  entry: LibraryEntry;
  language: TemplateLanguage;
  compiled: CompiledTemplate;
  /** The shared programme blocks, made once per mail and language. */
  blocks: Blocks;
  house: RenderContext['house'];
  /** The house's own address: replies to a campaign mail reach the people of the house, not Foyer. */
  replyTo: string | null;
}

/** The blocks made per person; made for a batch by personalBlocks. */
export interface PersonalBlocks {
  recommendations: RenderedBlock;
}

export interface PreviewActor {
  /** 'staff:<id>' or 'api_key:<id>', for the audit log of the contact view. */
  ref: string;
  mayReadAudience: boolean;
}

export function createTemplateService(deps: {
  catalogue: Pick<CatalogueService, 'getHouse' | 'listPerformances'>;
  branding: Pick<BrandingService, 'effective'>;
  content: ContentBlocks;
  contacts: { get(scope: Scope, actor: string, id: string): Promise<Contact> };
  clock: { now(): Date };
}) {
  function list() {
    return libraryEntries().map((entry) => ({
      key: entry.key,
      kind: entry.kind,
      name: entry.name,
      description: entry.description,
      needs: entry.needs,
      blocks: [...entry.blocks],
      series: entry.series,
      languages: [...templateLanguages],
    }));
  }

  /** The production or performance a preview is about when staff chose none: the next on the programme. */
  /** A unit's mail (`scope.unitId`) lists the unit's programme and, with nothing chosen, is about the unit's next performance. */
  async function focusFor(scope: Scope, needs: 'none' | 'production' | 'performance', input: { productionId?: string | undefined; performanceId?: string | undefined }): Promise<ContentFocus> {
    const unit: ContentFocus = scope.unitId === null ? {} : { unitId: scope.unitId };
    if (needs === 'none') return unit;
    if (needs === 'production' && input.productionId !== undefined) return { ...unit, productionId: input.productionId };
    if (needs === 'performance' && input.performanceId !== undefined) return { ...unit, performanceId: input.performanceId };
    const next = await deps.catalogue.listPerformances(scope, { from: deps.clock.now().toISOString(), status: 'scheduled' }, { limit: 1 });
    const performance = next.items[0];
    if (performance === undefined) return unit;
    return needs === 'production' ? { ...unit, productionId: performance.productionId } : { ...unit, performanceId: performance.id };
  }

  /**
   * A mail made ready for many people: the template (the library's, or a campaign's
   * edited sources per language) compiled once, the house and the shared programme
   * blocks made once. A preview and a send both go through here, so they render alike.
   */
  async function prepare(houseId: string, input: { templateKey: string; language: TemplateLanguage; edited?: EditedSource | null; focus: ContentFocus }): Promise<PreparedMail> {
    const entry = libraryEntry(input.templateKey);
    if (entry === undefined) throw notFound('template', input.templateKey);
    const library = librarySource(entry, input.language);
    const source = input.edited === undefined || input.edited === null ? library : { ...library, ...input.edited };
    const [house, branding] = await Promise.all([deps.catalogue.getHouse(houseId), deps.branding.effective(houseId)]);
    const compiled = await compileTemplate(source, branding);
    const blocks = await deps.content.forHouse(houseId, input.language, input.focus);
    return { houseId, entry, language: input.language, compiled, blocks, house: { name: house.name, address: addressLine(house), website: house.website }, replyTo: house.email };
  }

  /**
   * One person's mail from a prepared one: only the recommendations are made per person,
   * or taken from `personal` (personalBlocks), made for a whole batch at once.
   */
  async function renderPrepared(prepared: PreparedMail, contact: { id: string | null; name: string | null }, links: RenderContext['links'], personal?: PersonalBlocks): Promise<RenderedMail> {
    const recommendations = prepared.entry.blocks.includes('recommendations')
      ? (personal?.recommendations ?? (await deps.content.recommendationsFor(prepared.houseId, contact.id, prepared.language)))
      : undefined;
    return renderWith(prepared, contact, links, recommendations);
  }

  /** The personal blocks of a batch of people (one query, not one per person); empty when the template has none. */
  async function personalBlocks(prepared: PreparedMail, contactIds: readonly string[]): Promise<Map<string, PersonalBlocks>> {
    if (!prepared.entry.blocks.includes('recommendations') || contactIds.length === 0) return new Map();
    const blocks = await deps.content.recommendationsForMany(prepared.houseId, contactIds, prepared.language);
    return new Map([...blocks].map(([id, recommendations]) => [id, { recommendations }]));
  }

  function renderWith(prepared: PreparedMail, contact: { name: string | null }, links: RenderContext['links'], recommendations: RenderedBlock | undefined): RenderedMail {
    const blocks = recommendations === undefined ? prepared.blocks : { ...prepared.blocks, recommendations };
    return render(prepared.compiled, { contact: { firstName: firstNameOf(contact.name), name: contact.name, language: prepared.language }, house: prepared.house, links, blocks });
  }

  async function previewContact(scope: Scope, actor: PreviewActor, contactId: string | undefined): Promise<{ id: string | null; name: string | null }> {
    if (contactId === undefined) return { id: null, name: sampleContact.name };
    if (!actor.mayReadAudience) {
      throw new DomainError('forbidden', 'contactId: a preview as a real contact needs the permission audience:read', [{ field: 'contactId', message: 'needs audience:read' }]);
    }
    const person = await deps.contacts.get(scope, actor.ref, contactId);
    return { id: person.id, name: person.name };
  }

  async function preview(scope: Scope, actor: PreviewActor, key: string, input: PreviewInput): Promise<RenderedMail> {
    const entry = libraryEntry(key);
    if (entry === undefined) throw notFound('template', key);
    const parsed = parseInput(previewInput, input);
    const contact = await previewContact(scope, actor, parsed.contactId);
    const focus = await focusFor(scope, entry.needs, parsed);
    return renderPrepared(await prepare(scope.houseId, { templateKey: key, language: parsed.language, focus }), contact, inertLinks);
  }

  /** A campaign's preview: its edited sources (or the library's), its production or performance, inert links. */
  async function previewCampaign(
    scope: Scope,
    actor: PreviewActor,
    campaign: { templateKey: string; content: Partial<Record<TemplateLanguage, EditedSource>>; unitId: string | null; productionId: string | null; performanceId: string | null },
    input: { language: TemplateLanguage; contactId?: string | undefined },
  ): Promise<RenderedMail> {
    const entry = libraryEntry(campaign.templateKey);
    if (entry === undefined) throw notFound('template', campaign.templateKey);
    const contact = await previewContact(scope, actor, input.contactId);
    // The campaign's unit, not the viewer's: the house's marketing sees a unit's mail as its readers will.
    const focus = await focusFor({ houseId: scope.houseId, unitId: campaign.unitId }, entry.needs, { productionId: campaign.productionId ?? undefined, performanceId: campaign.performanceId ?? undefined });
    const prepared = await prepare(scope.houseId, { templateKey: campaign.templateKey, language: input.language, edited: campaign.content[input.language] ?? null, focus });
    return renderPrepared(prepared, contact, inertLinks);
  }

  return { list, preview, previewCampaign, prepare, renderPrepared, personalBlocks, focusFor };
}

export type TemplateService = ReturnType<typeof createTemplateService>;
