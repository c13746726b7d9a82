import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { audienceRoutes } from './audience/routes.ts';
import { createAudienceService } from './audience/service.ts';
import { publicAudienceRoutes } from './audience/public/routes.ts';
import { createPublicAudienceService } from './audience/public/service.ts';
import { preferenceLinkRoutes } from './audience/public/staff-routes.ts';
import { contactImportRoutes } from './audience/import/routes.ts';
import { createContactImportService } from './audience/import/service.ts';
import { registerRetentionWorker, scheduleRetention } from './audience/privacy/retention.ts';
import { privacyRoutes } from './audience/privacy/routes.ts';
import { createPrivacyService, preferenceCentrePrivacy } from './audience/privacy/service.ts';
import { segmentRoutes } from './audience/segments/routes.ts';
import { createSegmentService } from './audience/segments/service.ts';
import { createBrandingService } from './campaigns/templates/branding.ts';
import { bookingUrlOf, createContentBlocks } from './campaigns/templates/content.ts';
import { createInterestRecommendations } from './campaigns/templates/recommendations.ts';
import { subscribeRecommendationErasure } from './recommend/erasure.ts';
import { createRecommendationNightly, registerRecommendationWorker, scheduleRecommendations } from './recommend/worker.ts';
import { createFitCache } from './recommend/fits.ts';
import { createRecommenderMailSource } from './recommend/mail-source.ts';
import { createRecommendationMetrics } from './recommend/metrics-service.ts';
import { createSettingsPreview } from './recommend/preview.ts';
import { publicRecommendationRoutes } from './recommend/public-routes.ts';
import { recommendationRoutes } from './recommend/routes.ts';
import { createRecommendationService } from './recommend/service.ts';
import { createRecommendationSettings } from './recommend/settings.ts';
import { campaignTemplateRoutes } from './campaigns/templates/routes.ts';
import { createTemplateService } from './campaigns/templates/service.ts';
import { marketingMailPublicRoutes, suppressionRoutes } from './campaigns/email/routes.ts';
import { createMarketingMail } from './campaigns/email/service.ts';
import { sendingRoutes } from './campaigns/sending/routes.ts';
import { createScanner } from './campaigns/sending/scanner.ts';
import { createSender } from './campaigns/sending/sender.ts';
import { createCampaignService } from './campaigns/sending/service.ts';
import { createSendSettings } from './campaigns/sending/settings.ts';
import { createBulkTransport } from './campaigns/sending/transport.ts';
import { createDeliveryLog, drainSlots, registerSendingWorker, scheduleSending, subscribeSendingErasure } from './campaigns/sending/worker.ts';
import { createOrderAttribution } from './ticketing/attribution.ts';
import { catalogueRoutes } from './catalogue/routes.ts';
import { createCatalogueService } from './catalogue/service.ts';
import { publicProgrammeRoutes } from './catalogue/export/routes.ts';
import { createPublicProgrammeService } from './catalogue/export/service.ts';
import { createFeedService, jobsFeedScheduler, registerFeedWorker } from './catalogue/import/feeds.ts';
import { importRoutes } from './catalogue/import/routes.ts';
import { createImportService } from './catalogue/import/service.ts';
import type { Config } from './config.ts';
import { authenticationPlugin } from './core/auth/plugin.ts';
import { authRoutes } from './core/auth/routes.ts';
import { createAuthService } from './core/auth/service.ts';
import { type Clock, systemClock } from './core/clock.ts';
import { type Database, openDatabase } from './core/db/database.ts';
import { migrateToLatest } from './core/db/migrate.ts';
import { createEvents } from './core/jobs/events.ts';
import { createJobs } from './core/jobs/service.ts';
import { createMailer } from './core/mail/mailer.ts';
import { createMailOutbox } from './core/mail/outbox.ts';
import { demoImageRoutes } from './demo/routes.ts';
import { createIdempotency } from './core/idempotency.ts';
import { createTicketingAdmin } from './ticketing/admin.ts';
import { createPaymentProviders } from './ticketing/payments.ts';
import { publicTicketingRoutes } from './ticketing/public-routes.ts';
import { ticketingRoutes } from './ticketing/routes.ts';
import { createTicketingService } from './ticketing/service.ts';
import { subscribeTicketingTimeline } from './ticketing/timeline.ts';
import { checkInRoutes } from './ticketing/check-in/routes.ts';
import { createCheckIn } from './ticketing/check-in/service.ts';
import { ticketDocumentRoutes } from './ticketing/tickets/routes.ts';
import { createTicketDocuments } from './ticketing/tickets/service.ts';
import { assistantWidgetRoutes } from './assistant/widget/routes.ts';
import { publicAssistantRoutes } from './assistant/conversations/routes.ts';
import { createKnowledgeBase } from './assistant/knowledge/service.ts';
import { createLanguageModel } from './assistant/language-model.ts';
import { createAssistant } from './assistant/service.ts';
import { createAssistantSettings } from './assistant/settings.ts';
import { connectInbox, createInbox } from './assistant/inbox/service.ts';
import { createAssistantRetention, registerAssistantRetentionWorker, scheduleAssistantRetention } from './assistant/privacy.ts';
import { assistantStaffRoutes } from './assistant/staff-routes.ts';
import { createAssistantStats } from './assistant/stats.ts';
import { createAssistantWidget } from './assistant/widget/service.ts';
import { bookingWidgetRoutes } from './ticketing/widget/routes.ts';
import { createBookingWidget } from './ticketing/widget/service.ts';
import { createReservationRelease } from './ticketing/reservations.ts';
import { registerTicketingWorker, scheduleTicketing } from './ticketing/worker.ts';
import { publicWaitingListRoutes } from './ticketing/waiting-list/public-routes.ts';
import { waitingListRoutes } from './ticketing/waiting-list/routes.ts';
import { connectWaitingList, createWaitingList } from './ticketing/waiting-list/service.ts';
import { createMastodonChannel } from './campaigns/channels/mastodon.ts';
import { channelRoutes } from './campaigns/channels/routes.ts';
import { createChannelService, registerChannelWorker } from './campaigns/channels/service.ts';
import { createWebhookChannel } from './campaigns/channels/webhook.ts';
import { journeyRoutes } from './campaigns/journeys/routes.ts';
import { connectJourneys, scheduleJourneys } from './campaigns/journeys/worker.ts';
import { autopilotRoutes } from './campaigns/autopilot/routes.ts';
import { createAutopilotService } from './campaigns/autopilot/service.ts';
import { registerAutopilotWorker, scheduleAutopilot } from './campaigns/autopilot/worker.ts';
import { contactTagRoutes } from './audience/tags/routes.ts';
import { createTagService } from './audience/tags/service.ts';
import { createHttpServer } from './core/http/server.ts';
import { webAppPlugin } from './core/http/web.ts';

export interface FoyerOptions {
  config: Config;
  /** An already open database (tests); otherwise opened from config. */
  database?: Database;
  clock?: Clock;
}

/**
 * The composition root: config -> database -> jobs -> services -> HTTP. Everything a
 * process needs is built here and nowhere else, so tests build the same thing.
 */
export async function createFoyer(options: FoyerOptions) {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const database = options.database ?? (await openDatabase(config.database));
  await migrateToLatest(database);
  // Built here, started only by startWorker() (`foyer serve`, `foyer worker`): tests and
  // one-off commands enqueue without a worker polling behind their back.
  const jobs = createJobs({
    database,
    clock,
    pollMs: config.jobsPollMs,
    logger: pino({ level: config.logLevel }).child({ component: 'jobs' }),
  });
  const events = createEvents({ jobs, clock });
  // Mails leave only through the 'mail/send' job (core/mail/outbox.ts), after the commit.
  const mailLogger = pino({ level: config.logLevel }).child({ component: 'mail' });
  const mailer = createMailer({ settings: config.mail, logger: mailLogger });
  const mail = createMailOutbox({ jobs, mailer, logger: mailLogger });

  const catalogue = createCatalogueService({ database, clock });
  const audience = createAudienceService({ database, clock, events });
  const auth = createAuthService({ database, clock, sessionHours: config.sessionHours, catalogue });
  const publicProgramme = createPublicProgrammeService({ database, clock, publicUrl: config.publicUrl });
  const imports = createImportService({ database, clock, limits: config, events });
  const feeds = createFeedService({ database, clock, imports, scheduler: jobsFeedScheduler(jobs) });
  registerFeedWorker(jobs, feeds);
  const privacy = createPrivacyService({ database, clock, events });
  registerRetentionWorker(jobs, privacy);
  const contactImports = createContactImportService({ database, clock, limits: config });
  const segments = createSegmentService({ database, clock });
  const publicAudience = createPublicAudienceService({
    database,
    clock,
    catalogue,
    contacts: audience.contacts,
    consents: audience.consents,
    privacy: preferenceCentrePrivacy(privacy),
    outbox: mail,
    publicUrl: config.publicUrl,
  });

  // The envelope of every marketing mail: unsubscribe, tracked links, bounces (src/campaigns/email).
  const marketingMail = createMarketingMail({
    database,
    clock,
    catalogue,
    contacts: audience.contacts,
    consents: audience.consents,
    interactions: audience.interactions,
    preferenceLink: publicAudience.preferenceLink,
    preferenceLinks: publicAudience.preferenceLinks,
    publicUrl: config.publicUrl,
    webhookSecret: config.mailWebhookSecret,
    deliveryLog: createDeliveryLog({ database, clock }),
  });

  const idempotency = createIdempotency({ database, clock });
  const payments = createPaymentProviders();
  const ticketing = createTicketingService({
    database,
    clock,
    events,
    catalogue,
    outbox: mail,
    idempotency,
    payments,
    publicUrl: config.publicUrl,
  });
  const ticketingAdmin = createTicketingAdmin({ database, clock, events, inventory: ticketing.inventory });
  subscribeTicketingTimeline({ database, events, audience, publicAudience });
  // Registers the confirmation mail's composer; the mail/send job runs it after the order commits.
  const ticketDocuments = createTicketDocuments({ database, clock, ticketing, catalogue, outbox: mail, publicUrl: config.publicUrl });
  const checkIn = createCheckIn({ database, clock, events, ticketing });
  const waitingList = createWaitingList({
    database,
    clock,
    events,
    ticketing,
    catalogue,
    outbox: mail,
    consentProof: publicAudience,
    publicUrl: config.publicUrl,
    logger: pino({ level: config.logLevel }).child({ component: 'waiting-list' }),
  });
  // Its offer mail's composer, and the seats_returned event that starts an offer.
  connectWaitingList(waitingList, { events, outbox: mail });
  registerTicketingWorker(jobs, { database, clock, idempotency, waitingList, reservations: createReservationRelease({ database, clock, ticketing }) });
  // Social and webhook posts: written with their job, published by it after the commit.
  const outbound = { timeoutMs: config.fetchTimeoutMs, allowPrivate: config.allowPrivateWebhooks };
  const channels = createChannelService({
    database,
    clock,
    jobs,
    channels: [createMastodonChannel({ ...outbound, now: () => clock.now() }), createWebhookChannel({ ...outbound, now: () => clock.now() })],
    allowPrivate: config.allowPrivateWebhooks,
  });
  registerChannelWorker(jobs, channels);
  // Journeys (src/campaigns/journeys): the engine and trigger scans run in the worker; events enroll people.
  const contactTags = createTagService({ database, clock });
  const { journeys, engine: journeyEngine, triggers: journeyTriggers } = connectJourneys({
    database,
    clock,
    jobs,
    events,
    outbox: mail,
    segments,
    tags: contactTags,
    channels,
    contacts: audience.contacts,
    catalogue,
    outbound,
    logger: pino({ level: config.logLevel }).child({ component: 'journeys' }),
  });

  // Recommendations with discovery (src/recommend): one cached fit per house serves the API, the widget and the mail block.
  const recommendationLogger = pino({ level: config.logLevel }).child({ component: 'recommend' });
  const recommendationFits = createFitCache({ database, clock, onError: (error, houseId) => recommendationLogger.error({ err: error, houseId }, 'refit failed') });
  const recommendationSettings = createRecommendationSettings({ database, clock });
  const recommendations = createRecommendationService({ database, clock, fits: recommendationFits, settings: recommendationSettings, contacts: audience.contacts, publicUrl: config.publicUrl });
  const recommendationMetrics = createRecommendationMetrics({ database, clock, fits: recommendationFits, contacts: audience.contacts });
  subscribeRecommendationErasure({ database, events });
  registerRecommendationWorker(jobs, events, { nightly: createRecommendationNightly({ database, clock, fits: recommendationFits }), fits: recommendationFits });

  // Templates and the programme blocks that fill them (src/campaigns/templates).
  const campaignBranding = createBrandingService({ database, clock, catalogue });
  const contentBlocks = createContentBlocks({
    catalogue,
    ticketing,
    clock,
    branding: campaignBranding,
    // The recommender for people with recommendations consent; declared interests (newsletter consent) for the others.
    recommendations: createRecommenderMailSource({
      database,
      clock,
      recommendations,
      fallback: createInterestRecommendations({
        catalogue,
        contacts: audience.contacts,
        clock,
        bookingUrl: (house, production) => bookingUrlOf(config.publicUrl, house, production),
      }),
    }),
    publicUrl: config.publicUrl,
  });
  // The visitor assistant (src/assistant): understanding per house, the dialogue, the public conversations.
  const assistantLogger = pino({ level: config.logLevel }).child({ component: 'assistant' });
  const assistantKnowledge = createKnowledgeBase({ database, clock });
  const assistantSettings = createAssistantSettings({ database, clock });
  const assistant = createAssistant({
    database,
    clock,
    publicUrl: config.publicUrl,
    catalogue,
    ticketing,
    payments,
    recommendations,
    knowledge: assistantKnowledge,
    settings: assistantSettings,
    outbox: mail,
    languageModel: createLanguageModel(config.languageModel, (error) => assistantLogger.warn({ err: error }, 'language model failed; the plain answer was used')),
    consents: audience.consents,
    consentProof: (houseId, meta) => publicAudience.proofOf(houseId, { ip: meta.ip ?? '', userAgent: meta.userAgent }),
    onError: (error, context) => assistantLogger.error({ err: error }, context),
  });
  // Its staff side: the inbox (a reply goes by mail when the visitor left), statistics, and the daily deletion of old conversations.
  const assistantInbox = createInbox({ database, clock, outbox: mail, catalogue });
  connectInbox(assistantInbox, mail);
  const assistantStats = createAssistantStats({ database, clock });
  const assistantRetention = createAssistantRetention({ database, clock });
  registerAssistantRetentionWorker(jobs, assistantRetention);

  const campaignTemplates = createTemplateService({ catalogue, branding: campaignBranding, content: contentBlocks, contacts: audience.contacts, clock });

  // Campaigns and their sending pipeline (src/campaigns/sending): a scanner walks segments, senders drain the log.
  const bulkTransport = createBulkTransport({ settings: config.mail, pool: config.bulkMail.pool, ratePerSecond: config.bulkMail.ratePerSecond, logger: mailLogger });
  const sendSettings = createSendSettings({ database, clock });
  const campaignSender = createSender({
    database,
    clock,
    templates: campaignTemplates,
    marketingMail,
    settings: sendSettings,
    transport: bulkTransport,
    logger: pino({ level: config.logLevel }).child({ component: 'campaign-sender' }),
    parallel: config.bulkMail.pool * 4,
  });
  const campaignScanner = createScanner({ database, clock, segments });
  const sendingWorker = registerSendingWorker(jobs, { scanner: campaignScanner, sender: campaignSender, slots: drainSlots(config.bulkMail.ratePerSecond) });
  subscribeSendingErasure({ database, clock, events });
  const campaigns = createCampaignService({
    database,
    clock,
    catalogue,
    segments,
    templates: campaignTemplates,
    transport: bulkTransport,
    attribution: createOrderAttribution({ database }),
    onDue: sendingWorker.kick,
  });
  // The autopilot's ready-made rules: journeys for three, an hourly scan for the two newsletters (src/campaigns/autopilot).
  const autopilot = createAutopilotService({ database, clock, catalogue, segments, journeys, campaigns, sales: ticketingAdmin });
  registerAutopilotWorker(jobs, autopilot);

  const http: FastifyInstance = await createHttpServer({
    logLevel: config.logLevel,
    bodyLimitBytes: config.importMaxBytes,
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    clock,
  });
  await http.register(authenticationPlugin, { auth, publicUrl: config.publicUrl });
  await http.register(authRoutes, { prefix: '/api', auth, publicUrl: config.publicUrl });
  http.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  await http.register(catalogueRoutes, { prefix: '/api', catalogue });
  await http.register(audienceRoutes, { prefix: '/api', audience });
  await http.register(publicProgrammeRoutes, { prefix: '/public', publicProgramme });
  await http.register(importRoutes, { prefix: '/api', imports, feeds, maxBytes: config.importMaxBytes });
  await http.register(contactImportRoutes, { prefix: '/api', contactImports, maxBytes: config.importMaxBytes });
  await http.register(privacyRoutes, { prefix: '/api', privacy });
  await http.register(segmentRoutes, { prefix: '/api', segments, maxBytes: config.importMaxBytes });
  await http.register(publicAudienceRoutes, { prefix: '/public', publicAudience, rateLimits: config.rateLimits });
  await http.register(preferenceLinkRoutes, { prefix: '/api', publicAudience, contacts: audience.contacts });
  await http.register(ticketingRoutes, { prefix: '/api', ticketing, admin: ticketingAdmin });
  await http.register(publicTicketingRoutes, { prefix: '/public', ticketing, catalogue, publicAudience, clock, rateLimits: config.rateLimits });
  await http.register(bookingWidgetRoutes, {
    prefix: '/public',
    bookingWidget: createBookingWidget({ catalogue, settings: ticketing.settings, consents: audience.consents, publicUrl: config.publicUrl }),
  });
  await http.register(assistantStaffRoutes, {
    prefix: '/api/assistant',
    settings: assistantSettings,
    knowledge: assistantKnowledge,
    inbox: assistantInbox,
    stats: assistantStats,
    languageModelConfigured: config.languageModel.url !== null,
  });
  await http.register(publicAssistantRoutes, { prefix: '/public', assistant, rateLimits: config.rateLimits });
  await http.register(assistantWidgetRoutes, { prefix: '/public', assistantWidget: createAssistantWidget({ catalogue, publicUrl: config.publicUrl }) });
  await http.register(ticketDocumentRoutes, { prefix: '/public', documents: ticketDocuments, rateLimits: config.rateLimits });
  await http.register(marketingMailPublicRoutes, { prefix: '/public', marketingMail, rateLimits: config.rateLimits });
  await http.register(suppressionRoutes, { prefix: '/api/campaigns', marketingMail });
  await http.register(checkInRoutes, { prefix: '/api', checkIn });
  await http.register(waitingListRoutes, { prefix: '/api', waitingList });
  await http.register(campaignTemplateRoutes, { prefix: '/api/campaigns', templates: campaignTemplates, branding: campaignBranding });
  await http.register(publicWaitingListRoutes, { prefix: '/public', waitingList, catalogue, clock, rateLimits: config.rateLimits });
  await http.register(channelRoutes, { prefix: '/api/campaigns', channels });
  await http.register(journeyRoutes, { prefix: '/api/campaigns', journeys });
  await http.register(contactTagRoutes, { prefix: '/api', tags: contactTags });
  await http.register(sendingRoutes, { prefix: '/api/campaigns', campaigns, settings: sendSettings });
  await http.register(autopilotRoutes, { prefix: '/api/campaigns', autopilot });
  await http.register(recommendationRoutes, {
    prefix: '/api/recommend',
    recommendations,
    settings: recommendationSettings,
    preview: createSettingsPreview({ database, clock, fits: recommendationFits, settings: recommendationSettings, publicUrl: config.publicUrl }),
    metrics: recommendationMetrics,
  });
  await http.register(publicRecommendationRoutes, { prefix: '/public', recommendations, catalogue, clock, rateLimits: config.rateLimits });
  await http.register(demoImageRoutes);
  // Last: the staff app answers every GET for HTML that no route above claimed.
  await http.register(webAppPlugin);

  const services = { auth, catalogue, audience, publicProgramme, imports, feeds, contactImports, publicAudience, mail, segments, privacy, ticketing, ticketingAdmin, ticketDocuments, checkIn, idempotency, waitingList, marketingMail, campaignBranding, contentBlocks, campaignTemplates, channels, journeys, journeyEngine, journeyTriggers, contactTags, campaigns, sendSettings, campaignScanner, campaignSender, autopilot, recommendations, recommendationFits, recommendationSettings, recommendationMetrics, assistant, assistantKnowledge, assistantSettings, assistantInbox, assistantStats, assistantRetention };

  return {
    config,
    clock,
    database,
    services,
    http,
    jobs,
    events,
    /**
     * Runs the registered job handlers and the recurring schedules in this process. The
     * feeds' schedules are written again on every start (keyed, so idempotent): a feed
     * whose schedule was lost, say after moving to another database engine, heals itself.
     */
    async startWorker() {
      await jobs.start();
      await feeds.scheduleAll();
      await scheduleRetention(jobs);
      await scheduleTicketing(jobs);
      await scheduleJourneys(jobs);
      await scheduleSending(jobs);
      await scheduleAutopilot(jobs);
      await scheduleAssistantRetention(jobs);
      await scheduleRecommendations(jobs);
    },
    async close() {
      await http.close();
      await jobs.close();
      mailer.close();
      bulkTransport.close();
      if (options.database === undefined) await database.close();
    },
  };
}

export type Foyer = Awaited<ReturnType<typeof createFoyer>>;
