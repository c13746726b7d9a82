import { createTheme, type MantineColorsTuple } from '@mantine/core';

/* Foyer's look: a deep theatre red for actions, calm greys for everything else. */

const foyer: MantineColorsTuple = [
  '#fdedf1',
  '#f5d9e0',
  '#ebb0bf',
  '#e1849b',
  '#d9607d',
  '#d4496a',
  '#d23d60',
  '#ba2f50',
  '#a72847',
  '#8a1f3d',
];

export const theme = createTheme({
  primaryColor: 'foyer',
  primaryShade: { light: 8, dark: 6 },
  colors: { foyer },
  defaultRadius: 'md',
  fontFamily:
    'Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  components: {
    Card: { defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'md' } },
    Modal: { defaultProps: { centered: true, overlayProps: { backgroundOpacity: 0.45, blur: 2 } } },
    Table: { defaultProps: { verticalSpacing: 'sm', highlightOnHover: true } },
    Tooltip: { defaultProps: { withArrow: true, openDelay: 300 } },
  },
});

/** Each genre family gets a colour, so that the calendar reads at a glance. */
export const familyColor: Record<string, string> = {
  theatre: 'red',
  music_theatre: 'grape',
  dance: 'cyan',
  music: 'indigo',
  young: 'orange',
  words: 'yellow',
  visual: 'green',
  other: 'gray',
};
