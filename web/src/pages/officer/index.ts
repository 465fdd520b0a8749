// The business unit's pages: partnerships and organisations, templates,
// campaigns, QA review, reports and case audits.
import type { Page } from "../page";
import { campaignPages } from "./campaign";
import { caseAuditPages } from "./caseaudit";
import { partnershipPages } from "./partnerships";
import { qaPages } from "./qa";
import { reportPages } from "./report";
import { templatePages } from "./template";

/** officerPages are the business unit's pages by their first path segment. */
export const officerPages: Record<string, Page> = {
  ...partnershipPages,
  ...templatePages,
  ...campaignPages,
  ...qaPages,
  ...reportPages,
  ...caseAuditPages,
};
