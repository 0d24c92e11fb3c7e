/**
 * react-big-calendar's drag-and-drop addon is a folder (lib/addons/dragAndDrop/index.js), which the
 * site's bundler resolves; its types (@types/react-big-calendar) are lib/addons/dragAndDrop.d.ts,
 * written for a CommonJS default export: restated here as the ES default the bundler gives.
 */
declare module 'react-big-calendar/lib/addons/dragAndDrop' {
  import type { ComponentType } from 'react';
  import type { CalendarProps } from 'react-big-calendar';
  import type { withDragAndDropProps } from 'react-big-calendar/lib/addons/dragAndDrop.js';
  export type { EventInteractionArgs } from 'react-big-calendar/lib/addons/dragAndDrop.js';
  export default function withDragAndDrop<TEvent extends object>(
    calendar: ComponentType<CalendarProps<TEvent>>,
  ): ComponentType<CalendarProps<TEvent> & withDragAndDropProps<TEvent>>;
}
