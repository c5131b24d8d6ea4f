import type { ModelsOverview, PrivacyState } from '@shared/api';

export interface ModelChoices {
  /** The models a picker offers: usable now, and no cloud model while offline. */
  models: ModelsOverview['listings'];
  /** Offline hid cloud models that would otherwise be offered: the picker says so. */
  cloudHidden: boolean;
}

/** Offline, chosen or because no network was found: nothing may go to a cloud model. */
export function isOffline(privacy: PrivacyState | null): boolean {
  return privacy?.offline === true || (privacy?.networkUnreachable ?? null) !== null;
}

/** What a model picker offers: no cloud model while offline. */
export function modelChoices(models: ModelsOverview | null, privacy: PrivacyState | null): ModelChoices {
  const offline = isOffline(privacy);
  const available = (models?.listings ?? []).filter((listing) => listing.available);
  const offered = available.filter((listing) => !(offline && listing.locality === 'cloud'));
  return { models: offered, cloudHidden: offline && offered.length < available.length };
}
