package io.quanyun.authorization;

import java.util.List;

/** The public notice of a call: the shortlist with scores, and every objection with its answer (no contacts). */
public record NoticeView(CallView call, List<RankingEntry> shortlist, List<ObjectionView> objections) {
}
