/** Intent and slot names, checked against every interaction model by the tests. */
export const Intent = {
  yes: 'AMAZON.YesIntent',
  no: 'AMAZON.NoIntent',
  unsure: 'UnsureIntent',
  partly: 'PartlyIntent',
  describePain: 'DescribeLegPainIntent',
  moreAbout: 'MoreAboutCauseIntent',
  tonight: 'TonightIntent',
  otherCauses: 'OtherCausesIntent',
  help: 'AMAZON.HelpIntent',
  repeat: 'AMAZON.RepeatIntent',
  startOver: 'AMAZON.StartOverIntent',
  previous: 'AMAZON.PreviousIntent',
  stop: 'AMAZON.StopIntent',
  cancel: 'AMAZON.CancelIntent',
  navigateHome: 'AMAZON.NavigateHomeIntent',
  fallback: 'AMAZON.FallbackIntent',
  /** "Call an ambulance", "I can't breathe", "I'm scared": a call for help, understood in every state. */
  emergency: 'EmergencyIntent',
  /** "Thanks", "good night", "that's all": a kind goodbye. */
  thanks: 'ThanksIntent',
} as const;

export type IntentName = (typeof Intent)[keyof typeof Intent];

export const Slot = {
  side: 'side',
  feel: 'feel',
  part: 'part',
  cause: 'cause',
} as const;

export const SlotType = {
  side: 'LegSide',
  feel: 'PainFeel',
  part: 'LegPart',
  cause: 'LegPainCause',
} as const;
