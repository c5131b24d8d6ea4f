/**
 * Which answers show their run view, by run id. Kept outside the message component because a
 * conversation reload replaces the answer's component (its local id becomes the stored one),
 * and an open run view must stay open through that.
 */
export const expandedRuns = $state<Record<string, boolean>>({});

/** Which cited passage each answer shows open, by run id (kept for the same reason). */
export const openSources = $state<Record<string, number | null>>({});

/**
 * Which messages show their earlier versions, by the id of the oldest one (a stored message, so
 * the key survives the reload that replaces the message's component after a regenerate or edit).
 */
export const openEarlierVersions = $state<Record<string, boolean>>({});
