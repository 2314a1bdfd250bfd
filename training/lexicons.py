"""Cue words for stance: refuting, hedging, supporting and negating (stems, see text.stem).

Lists written for this project from the cue categories the 2017 FNC-1 reports describe
(refuting words near the headline's terms are the signal for ``disagree``).
"""

from .text import stem

REFUTING = frozenset(
    stem(w)
    for w in """fake fraud hoax false deny denies denied denial debunk debunked debunks refute
    refuted refutes rebut dismiss dismissed dismisses untrue misleading fabricated
    fabrication myth rumor rumour bogus baseless unfounded retract retracted
    retraction doubt doubts doubted satire satirical parody prank lie lies lied
    incorrect wrong erroneous not_true no_evidence nonsense conspiracy disputed
    dispute disputes reject rejected rejects contrary""".split()
)

HEDGING = frozenset(
    stem(w)
    for w in """alleged allegedly reportedly reported reports report apparently appear appears
    appeared seem seems seemed purported purportedly claim claims claimed claiming
    rumored rumoured unconfirmed unverified suggest suggests suggested possibly
    possible perhaps maybe might may could would likely unclear speculation
    speculate speculated believed thought suspected suspect according sources source
    whether""".split()
)

SUPPORTING = frozenset(
    stem(w)
    for w in """confirm confirms confirmed confirmation announce announces announced official
    officially verified verify proof proves proved evidence indeed revealed reveals
    reveal admitted admits acknowledge acknowledged statement""".split()
)

NEGATING = frozenset(
    stem(w)
    for w in """not no never none nothing nobody neither nor cannot can't don't doesn't didn't
    isn't wasn't aren't weren't won't hasn't haven't hadn't without""".split()
)

LEXICONS = {
    "refuting": REFUTING,
    "hedging": HEDGING,
    "supporting": SUPPORTING,
    "negating": NEGATING,
}
