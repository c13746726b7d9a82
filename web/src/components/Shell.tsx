import {
  ActionIcon,
  AppShell,
  Avatar,
  Burger,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  SegmentedControl,
  Stack,
  Text,
  ThemeIcon,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconAddressBook,
  IconBook,
  IconChartDots,
  IconInbox,
  IconMessageChatbot,
  IconMessageQuestion,
  IconBrandMastodon,
  IconApi,
  IconBuildingCommunity,
  IconCalendarMonth,
  IconCashRegister,
  IconChartBar,
  IconChecks,
  IconChevronDown,
  IconCompass,
  IconFileImport,
  IconFileSpreadsheet,
  IconHistory,
  IconHome2,
  IconKey,
  IconList,
  IconLogout,
  IconMail,
  IconMailCog,
  IconMasksTheater,
  IconPalette,
  IconReceipt,
  IconRobot,
  IconRoute,
  IconScan,
  IconShare,
  IconSparkles,
  IconShieldCheck,
  IconShieldLock,
  IconSitemap,
  IconTargetArrow,
  IconTemplate,
  IconTicket,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterLink, useLocation, useNavigate } from 'react-router';
import type { Permission } from '../api/types.ts';
import { isUiLanguage } from '../i18n/index.ts';
import { useSession } from '../session/session.tsx';
import { errorTitle } from './errors.tsx';

interface NavItem {
  to: string;
  label: string;
  icon: Icon;
  permission?: Permission;
  /** Belongs to the whole house (the server refuses unit staff): not shown to them. */
  houseWide?: boolean;
}

interface NavSection {
  label: string;
  items: NavItem[];
}

/*
 * The navigation is data: each capability adds its section here (audience, campaigns,
 * assistant, …) and the shell shows what the person's permissions allow.
 */
const sections: NavSection[] = [
  {
    label: 'nav.programme',
    items: [
      { to: '/programme/calendar', label: 'nav.calendar', icon: IconCalendarMonth, permission: 'catalogue:read' },
      { to: '/programme/list', label: 'nav.performances', icon: IconList, permission: 'catalogue:read' },
      { to: '/programme/productions', label: 'nav.productions', icon: IconMasksTheater, permission: 'catalogue:read' },
      { to: '/import', label: 'nav.import', icon: IconFileImport, permission: 'catalogue:import' },
    ],
  },
  {
    label: 'nav.ticketing',
    items: [
      { to: '/ticketing/performances', label: 'nav.sales', icon: IconChartBar, permission: 'ticketing:inventory' },
      { to: '/ticketing/sell', label: 'nav.boxOffice', icon: IconCashRegister, permission: 'ticketing:sell' },
      { to: '/ticketing/orders', label: 'nav.orders', icon: IconReceipt, permission: 'ticketing:orders' },
      { to: '/ticketing/check-in', label: 'nav.checkIn', icon: IconScan, permission: 'ticketing:check_in' },
    ],
  },
  {
    label: 'nav.audience',
    items: [
      { to: '/audience/contacts', label: 'nav.contacts', icon: IconAddressBook, permission: 'audience:read' },
      { to: '/discovery', label: 'discovery.nav.dashboard', icon: IconCompass, permission: 'segments:count' },
      { to: '/audience/segments', label: 'nav.segments', icon: IconTargetArrow, permission: 'segments:count' },
      { to: '/audience/privacy-requests', label: 'nav.privacyRequests', icon: IconShieldLock, permission: 'audience:privacy' },
      { to: '/audience/audit', label: 'nav.audit', icon: IconHistory, permission: 'audit:read' },
      { to: '/audience/import', label: 'nav.contactImport', icon: IconFileSpreadsheet, permission: 'audience:import' },
    ],
  },
  {
    label: 'nav.campaigns',
    items: [
      { to: '/campaigns/list', label: 'campaignsApp.nav.campaigns', icon: IconMail, permission: 'campaigns:write' },
      { to: '/campaigns/approvals', label: 'campaignsApp.nav.approvals', icon: IconChecks, permission: 'campaigns:write' },
      { to: '/campaigns/journeys', label: 'campaignsApp.nav.journeys', icon: IconRoute, permission: 'campaigns:write' },
      { to: '/campaigns/posts', label: 'campaignsApp.nav.posts', icon: IconBrandMastodon, permission: 'campaigns:write' },
      { to: '/campaigns/channels', label: 'campaignsApp.nav.channels', icon: IconShare, permission: 'campaigns:write' },
      { to: '/campaigns/templates', label: 'nav.templates', icon: IconTemplate, permission: 'catalogue:read' },
      { to: '/campaigns/autopilot', label: 'campaignsApp.nav.autopilot', icon: IconRobot, permission: 'campaigns:write', houseWide: true },
    ],
  },
  {
    label: 'assistant.nav.section',
    items: [
      { to: '/assistant/inbox', label: 'assistant.nav.inbox', icon: IconInbox, permission: 'assistant:inbox' },
      { to: '/assistant/knowledge', label: 'assistant.nav.knowledge', icon: IconBook, permission: 'assistant:manage' },
      { to: '/assistant/unanswered', label: 'assistant.nav.unanswered', icon: IconMessageQuestion, permission: 'assistant:manage' },
      { to: '/assistant/stats', label: 'assistant.nav.stats', icon: IconChartDots, permission: 'assistant:manage' },
    ],
  },
  {
    label: 'nav.settings',
    items: [
      { to: '/settings/house', label: 'nav.house', icon: IconHome2, permission: 'catalogue:read' },
      { to: '/settings/units', label: 'nav.units', icon: IconSitemap, permission: 'catalogue:read' },
      { to: '/settings/venues', label: 'nav.venues', icon: IconBuildingCommunity, permission: 'catalogue:read' },
      { to: '/settings/staff', label: 'nav.staff', icon: IconUsers, permission: 'staff:manage' },
      { to: '/settings/api-keys', label: 'nav.apiKeys', icon: IconKey, permission: 'api_keys:manage' },
      { to: '/settings/consent', label: 'nav.consentPolicies', icon: IconShieldCheck, permission: 'house:manage' },
      { to: '/settings/ticketing', label: 'nav.ticketingSettings', icon: IconTicket, permission: 'ticketing:inventory' },
      { to: '/settings/mail-branding', label: 'nav.mailBranding', icon: IconPalette, permission: 'catalogue:read' },
      { to: '/settings/sending', label: 'campaignsApp.nav.sendingSettings', icon: IconMailCog, permission: 'campaigns:write' },
      { to: '/settings/recommendations', label: 'discovery.nav.settings', icon: IconSparkles, permission: 'house:manage' },
      { to: '/settings/assistant', label: 'assistant.nav.settings', icon: IconMessageChatbot, permission: 'assistant:manage' },
    ],
  },
];

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter((part) => part !== '')
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

export function Shell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { session, can, setLanguage, logout } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();

  const changeLanguage = (value: string) => {
    if (!isUiLanguage(value)) return;
    setLanguage(value).catch((error: unknown) => {
      notifications.show({ color: 'red', title: errorTitle(t, error), message: t('shell.languageNotSaved') });
    });
  };

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('shell.toggleNavigation')} />
            <UnstyledButton component={RouterLink} to="/" aria-label={t('shell.home')}>
              <Group gap={10} wrap="nowrap">
                <ThemeIcon size={34} radius="md" variant="filled">
                  <IconMasksTheater size={20} />
                </ThemeIcon>
                <Stack gap={0}>
                  <Text fw={700} size="md" lh={1.1}>
                    Foyer
                  </Text>
                  <Text size="xs" c="dimmed" lh={1.2} lineClamp={1} data-testid="house-name">
                    {session.house.name}
                  </Text>
                </Stack>
              </Group>
            </UnstyledButton>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <SegmentedControl
              size="xs"
              value={i18n.language}
              onChange={changeLanguage}
              aria-label={t('shell.language')}
              data={[
                { value: 'de', label: 'DE' },
                { value: 'en', label: 'EN' },
              ]}
            />
            <Tooltip label={t('shell.apiDocs')}>
              <ActionIcon component="a" href="/api/docs" target="_blank" rel="noreferrer" variant="subtle" color="gray" size="lg" aria-label={t('shell.apiDocs')} visibleFrom="xs">
                <IconApi size={20} />
              </ActionIcon>
            </Tooltip>
            <Menu position="bottom-end" width={220} shadow="md">
              <Menu.Target>
                <UnstyledButton aria-label={t('shell.account')} data-testid="account-menu">
                  <Group gap={8} wrap="nowrap">
                    <Avatar radius="xl" size={32} color="foyer">
                      {initials(session.staff.name)}
                    </Avatar>
                    <Stack gap={0} visibleFrom="md">
                      <Text size="sm" fw={500} lh={1.2}>
                        {session.staff.name}
                      </Text>
                      <Text size="xs" c="dimmed" lh={1.2}>
                        {t(`roles.${session.staff.role}`)}
                      </Text>
                    </Stack>
                    <IconChevronDown size={14} />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{session.staff.email}</Menu.Label>
                <Menu.Item
                  leftSection={<IconLogout size={16} />}
                  onClick={() => {
                    void logout().then(() => navigate('/login'));
                  }}
                >
                  {t('shell.logout')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t('shell.navigation')}>
        <AppShell.Section grow component={ScrollArea}>
          <nav>
            {sections.map((section) => {
              const items = section.items.filter((item) => (item.permission === undefined || can(item.permission)) && !(item.houseWide === true && session.staff.unitId !== null));
              if (items.length === 0) return null;
              return (
                <Stack key={section.label} gap={2} mb="md">
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" py={6} style={{ letterSpacing: 0.5 }}>
                    {t(section.label)}
                  </Text>
                  {items.map((item) => (
                    <NavLink
                      key={item.to}
                      component={RouterLink}
                      to={item.to}
                      label={t(item.label)}
                      leftSection={<item.icon size={18} stroke={1.6} />}
                      active={location.pathname.startsWith(item.to)}
                      onClick={close}
                      style={{ borderRadius: 'var(--mantine-radius-md)' }}
                    />
                  ))}
                </Stack>
              );
            })}
          </nav>
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm">
            {t('shell.tagline')}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <div style={{ maxWidth: 1400, margin: '0 auto' }}>{children}</div>
      </AppShell.Main>
    </AppShell>
  );
}
