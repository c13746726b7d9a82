import type { Scope } from '../../core/auth/model.ts';
import { DomainError, notFound } from '../../core/errors.ts';
import { parseInput } from '../../core/input.ts';
import type { CatalogueService } from '../../catalogue/service.ts';
import type { Contact } from '../../audience/contacts/schemas.ts';
import type { BrandingService } from './branding.ts';
import { compileTemplate, render } from './compile.ts';
import type { ContentBlocks, ContentFocus } from './content.ts';
import { libraryEntries, libraryEntry, librarySource } from './library.ts';
import { addressLine, firstNameOf, type RenderContext, type RenderedMail, type TemplateLanguage, templateLanguages } from './model.ts';
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
  async function focusFor(scope: Scope, needs: 'none' | 'production' | 'performance', input: { productionId?: string | undefined; performanceId?: string | undefined }): Promise<ContentFocus> {
    if (needs === 'none') return {};
    if (needs === 'production' && input.productionId !== undefined) return { productionId: input.productionId };
    if (needs === 'performance' && input.performanceId !== undefined) return { performanceId: input.performanceId };
    const next = await deps.catalogue.listPerformances({ houseId: scope.houseId, unitId: null }, { from: deps.clock.now().toISOString(), status: 'scheduled' }, { limit: 1 });
    const performance = next.items[0];
    if (performance === undefined) return {};
    return needs === 'production' ? { productionId: performance.productionId } : { performanceId: performance.id };
  }

  async function preview(scope: Scope, actor: PreviewActor, key: string, input: PreviewInput): Promise<RenderedMail> {
    const entry = libraryEntry(key);
    if (entry === undefined) throw notFound('template', key);
    const parsed = parseInput(previewInput, input);
    const language: TemplateLanguage = parsed.language;
    let contact: { id: string | null; name: string | null; firstName: string | null } = { id: null, ...sampleContact };
    if (parsed.contactId !== undefined) {
      if (!actor.mayReadAudience) {
        throw new DomainError('forbidden', 'contactId: a preview as a real contact needs the permission audience:read', [{ field: 'contactId', message: 'needs audience:read' }]);
      }
      const person = await deps.contacts.get(scope, actor.ref, parsed.contactId);
      contact = { id: person.id, name: person.name, firstName: firstNameOf(person.name) };
    }
    const house = await deps.catalogue.getHouse(scope.houseId);
    const branding = await deps.branding.effective(scope.houseId);
    const compiled = await compileTemplate(librarySource(entry, language), branding);
    const focus = await focusFor(scope, entry.needs, parsed);
    const blocks = await deps.content.forHouse(scope.houseId, language, focus);
    if (entry.blocks.includes('recommendations')) blocks.recommendations = await deps.content.recommendationsFor(scope.houseId, contact.id, language);
    const context: RenderContext = {
      contact: { firstName: contact.firstName, name: contact.name, language },
      house: { name: house.name, address: addressLine(house), website: house.website },
      links: inertLinks,
      blocks,
    };
    return render(compiled, context);
  }

  return { list, preview };
}

export type TemplateService = ReturnType<typeof createTemplateService>;
