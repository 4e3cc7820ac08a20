/** The one protocol shared by the tap, bridge, hub and panel. */
export * from './backoff';
export * from './caps';
export * from './flags-model';
export * from './guards';
export * from './hub-model';
export * from './messages';
export * from './model';
export * from './ports';
export * from './records';
