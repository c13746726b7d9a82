import { Center, Container, Loader } from '@mantine/core';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation } from 'react-router';
import { ErrorAlert } from './components/errors.tsx';
import { Shell } from './components/Shell.tsx';
import { AuditLogPage } from './pages/audience/AuditLogPage.tsx';
import { ConsentPoliciesPage } from './pages/audience/ConsentPoliciesPage.tsx';
import { ContactImportPage } from './pages/audience/ContactImportPage.tsx';
import { ContactPage } from './pages/audience/ContactPage.tsx';
import { ContactsPage } from './pages/audience/ContactsPage.tsx';
import { PrivacyRequestsPage } from './pages/audience/PrivacyRequestsPage.tsx';
import { SegmentBuilderPage } from './pages/audience/SegmentBuilderPage.tsx';
import { SegmentsPage } from './pages/audience/SegmentsPage.tsx';
import { AssistantSettingsPage } from './pages/assistant/AssistantSettingsPage.tsx';
import { InboxPage } from './pages/assistant/InboxPage.tsx';
import { KnowledgePage } from './pages/assistant/KnowledgePage.tsx';
import { StatsPage as AssistantStatsPage } from './pages/assistant/StatsPage.tsx';
import { UnansweredPage } from './pages/assistant/UnansweredPage.tsx';
import { ApprovalsPage } from './pages/campaigns/ApprovalsPage.tsx';
import { AutopilotPage } from './pages/campaigns/AutopilotPage.tsx';
import { BrandingPage } from './pages/campaigns/BrandingPage.tsx';
import { CampaignEditorPage } from './pages/campaigns/CampaignEditorPage.tsx';
import { CampaignsPage } from './pages/campaigns/CampaignsPage.tsx';
import { ChannelsPage } from './pages/campaigns/ChannelsPage.tsx';
import { JourneyBuilderPage } from './pages/campaigns/journeys/JourneyBuilderPage.tsx';
import { JourneysPage } from './pages/campaigns/journeys/JourneysPage.tsx';
import { PostsPage } from './pages/campaigns/PostsPage.tsx';
import { SendingSettingsPage } from './pages/campaigns/SendingSettingsPage.tsx';
import { TemplatesPage } from './pages/campaigns/TemplatesPage.tsx';
import { DiscoveryPage } from './pages/discovery/DiscoveryPage.tsx';
import { DiscoverySettingsPage } from './pages/discovery/DiscoverySettingsPage.tsx';
import { ImportPage } from './pages/import/ImportPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { CalendarPage } from './pages/programme/CalendarPage.tsx';
import { PerformanceListPage } from './pages/programme/PerformanceListPage.tsx';
import { ProductionEditorPage } from './pages/programme/ProductionEditorPage.tsx';
import { ProductionsPage } from './pages/programme/ProductionsPage.tsx';
import { ApiKeysPage } from './pages/settings/ApiKeysPage.tsx';
import { HousePage } from './pages/settings/HousePage.tsx';
import { StaffPage } from './pages/settings/StaffPage.tsx';
import { UnitsPage } from './pages/settings/UnitsPage.tsx';
import { VenuesPage } from './pages/settings/VenuesPage.tsx';
import { SetupPage } from './pages/SetupPage.tsx';
import { BoxOfficePage } from './pages/ticketing/BoxOfficePage.tsx';
import { CheckInChooserPage, CheckInPage } from './pages/ticketing/CheckInPage.tsx';
import { OrderPage } from './pages/ticketing/OrderPage.tsx';
import { OrdersPage } from './pages/ticketing/OrdersPage.tsx';
import { PerformanceSalesPage } from './pages/ticketing/PerformanceSalesPage.tsx';
import { SalesPage } from './pages/ticketing/SalesPage.tsx';
import { TicketingSettingsPage } from './pages/ticketing/TicketingSettingsPage.tsx';
import { SessionProvider, useSessionQuery, useSetupNeeded } from './session/session.tsx';

function FullPageLoader() {
  return (
    <Center h="100vh" role="status" aria-label="Foyer">
      <Loader />
    </Center>
  );
}

/** Every page behind login: without a session, to setup (empty installation) or to login. */
function Protected() {
  const session = useSessionQuery();
  const location = useLocation();
  const setup = useSetupNeeded(session.data === null);
  if (session.isPending) return <FullPageLoader />;
  if (session.error !== null) {
    return (
      <Container size="sm" py="xl">
        <ErrorAlert error={session.error} />
      </Container>
    );
  }
  if (session.data === null) {
    if (setup.isPending) return <FullPageLoader />;
    if (setup.data?.needed === true) return <Navigate to="/setup" replace />;
    const next = location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname + location.search)}`;
    return <Navigate to={`/login${next}`} replace />;
  }
  return (
    <SessionProvider session={session.data}>
      <Shell>
        <Outlet />
      </Shell>
    </SessionProvider>
  );
}

const router = createBrowserRouter([
  { path: '/setup', element: <SetupPage /> },
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: <Protected />,
    children: [
      { index: true, element: <Navigate to="/programme/calendar" replace /> },
      {
        path: 'programme',
        children: [
          { index: true, element: <Navigate to="/programme/calendar" replace /> },
          { path: 'calendar', element: <CalendarPage /> },
          { path: 'list', element: <PerformanceListPage /> },
          { path: 'productions', element: <ProductionsPage /> },
          { path: 'productions/new', element: <ProductionEditorPage /> },
          { path: 'productions/:id', element: <ProductionEditorPage /> },
        ],
      },
      { path: 'import', element: <ImportPage /> },
      { path: 'discovery', element: <DiscoveryPage /> },
      {
        path: 'ticketing',
        children: [
          { index: true, element: <Navigate to="/ticketing/performances" replace /> },
          { path: 'performances', element: <SalesPage /> },
          { path: 'performances/:id', element: <PerformanceSalesPage /> },
          { path: 'orders', element: <OrdersPage /> },
          { path: 'orders/:id', element: <OrderPage /> },
          { path: 'sell', element: <BoxOfficePage /> },
          { path: 'check-in', element: <CheckInChooserPage /> },
          { path: 'check-in/:performanceId', element: <CheckInPage /> },
        ],
      },
      {
        path: 'audience',
        children: [
          { index: true, element: <Navigate to="/audience/contacts" replace /> },
          { path: 'contacts', element: <ContactsPage /> },
          { path: 'contacts/:id', element: <ContactPage /> },
          { path: 'segments', element: <SegmentsPage /> },
          { path: 'segments/new', element: <SegmentBuilderPage /> },
          { path: 'segments/:id', element: <SegmentBuilderPage /> },
          { path: 'privacy-requests', element: <PrivacyRequestsPage /> },
          { path: 'audit', element: <AuditLogPage /> },
          { path: 'import', element: <ContactImportPage /> },
        ],
      },
      {
        path: 'campaigns',
        children: [
          { index: true, element: <Navigate to="/campaigns/list" replace /> },
          { path: 'list', element: <CampaignsPage /> },
          { path: 'list/new', element: <CampaignEditorPage /> },
          { path: 'list/:id', element: <CampaignEditorPage /> },
          { path: 'approvals', element: <ApprovalsPage /> },
          { path: 'autopilot', element: <AutopilotPage /> },
          { path: 'templates', element: <TemplatesPage /> },
          { path: 'journeys', element: <JourneysPage /> },
          { path: 'journeys/new', element: <JourneyBuilderPage /> },
          { path: 'journeys/:id', element: <JourneyBuilderPage /> },
          { path: 'posts', element: <PostsPage /> },
          { path: 'channels', element: <ChannelsPage /> },
        ],
      },
      {
        path: 'assistant',
        children: [
          { index: true, element: <Navigate to="/assistant/inbox" replace /> },
          { path: 'inbox', element: <InboxPage /> },
          { path: 'inbox/:id', element: <InboxPage /> },
          { path: 'knowledge', element: <KnowledgePage /> },
          { path: 'unanswered', element: <UnansweredPage /> },
          { path: 'stats', element: <AssistantStatsPage /> },
        ],
      },
      {
        path: 'settings',
        children: [
          { index: true, element: <Navigate to="/settings/house" replace /> },
          { path: 'house', element: <HousePage /> },
          { path: 'units', element: <UnitsPage /> },
          { path: 'venues', element: <VenuesPage /> },
          { path: 'staff', element: <StaffPage /> },
          { path: 'api-keys', element: <ApiKeysPage /> },
          { path: 'consent', element: <ConsentPoliciesPage /> },
          { path: 'ticketing', element: <TicketingSettingsPage /> },
          { path: 'mail-branding', element: <BrandingPage /> },
          { path: 'sending', element: <SendingSettingsPage /> },
          { path: 'recommendations', element: <DiscoverySettingsPage /> },
          { path: 'assistant', element: <AssistantSettingsPage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
