"""Signing off a closed round: a reviewer marks it reviewed, a director approves.

Closing a round submits it (``Rounds.close``). Each later step is checked here
first, so the officer reads why it was refused in one sentence, and then again by
the database, which is what enforces it (``storage/signoff_seals.py``). A step is
only taken over a record that still gives its content hash: the hash it names is
the one the officer was shown and the memo prints.
"""

from __future__ import annotations

from vision_desk.domain.rounds import Round
from vision_desk.domain.signoff import Signature, SignOff, Step, refusal
from vision_desk.errors import UserError
from vision_desk.services.desk import Desk
from vision_desk.services.rounds import Rounds
from vision_desk.storage import review as review_store
from vision_desk.storage import rounds as rounds_store
from vision_desk.storage import signoffs as signoff_store

_ROLE_NAMES = {Step.REVIEWED: "reviewer", Step.APPROVED: "director"}
_DOING = {Step.REVIEWED: "marks a round reviewed", Step.APPROVED: "approves a round"}


class SignOffs:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    @property
    def one_officer(self) -> bool:
        """An officer's own store: the officer holds every role."""
        return not self.desk.on_server

    def of(self, round_id: int) -> SignOff:
        round_ = Rounds(self.desk).get(round_id)
        return self.for_rounds([round_])[round_.id]

    def for_rounds(self, rounds: list[Round]) -> dict[int, SignOff]:
        with self.desk.store.read() as session:
            found = signoff_store.signatures(session, [round_.id for round_ in rounds])
        return {round_.id: _sign_off(round_, found.get(round_.id, [])) for round_ in rounds}

    def latest(self, agreement_id: str | None = None) -> SignOff | None:
        """The last round closed (submitted), with its steps; None before any."""
        stored = self.desk.stored(agreement_id)
        with self.desk.store.read() as session:
            closed = rounds_store.closed_rounds(session, stored.agreement.id)
        return self.for_rounds(closed[-1:])[closed[-1].id] if closed else None

    def target(self, round_id: int | None, agreement_id: str | None = None) -> SignOff:
        """The round a step is for: the one named, else the last one closed."""
        if round_id is not None:
            return self.of(round_id)
        latest = self.latest(agreement_id)
        if latest is None:
            title = self.desk.stored(agreement_id).agreement.display_title
            raise UserError(
                f"No round of {title} has been closed yet; closing a round submits it for review."
            )
        return latest

    def take(
        self, step: Step, round_id: int | None = None, agreement_id: str | None = None
    ) -> SignOff:
        """Take ``step`` on the round (default: the last one closed); the sign-off
        as it then stands. Refused in one sentence, with nothing written."""
        before = self.target(round_id, agreement_id)
        round_ = before.round
        self._refuse_if(refusal(before, step, self.desk.author, one_officer=self.one_officer))
        report = Rounds(self.desk).report(round_.id)
        if not report.verified:
            raise UserError(
                f"Round {round_.id} “{round_.title}” no longer gives its content hash (its "
                "record was changed outside Vision Desk), so it cannot be signed off."
            )
        assert round_.content_hash is not None  # a closed round has one
        with self.desk.store.write() as session:
            if not signoff_store.holds_role_for(session, step):
                role = _ROLE_NAMES[step]
                raise UserError(
                    f"Only a {role} {_DOING[step]}; {self.desk.author} is not in this "
                    f"desk's {role}s (the database administrator grants it: 'vision-desk "
                    f"server grant {self.desk.author} {role} URL')."
                )
            # Another officer may have signed meanwhile: decide on what is stored now.
            review_store.lock_rounds(session, round_.agreement_id, exclusive=True)
            now_signed = _sign_off(
                round_, signoff_store.signatures(session, [round_.id]).get(round_.id, [])
            )
            self._refuse_if(
                refusal(now_signed, step, self.desk.author, one_officer=self.one_officer)
            )
            signoff_store.sign(
                session, round_.id, step, round_.content_hash, self.desk.clock(), self.desk.author
            )
            found = signoff_store.signatures(session, [round_.id]).get(round_.id, [])
        return _sign_off(round_, found)

    @staticmethod
    def _refuse_if(reason: str | None) -> None:
        if reason is not None:
            raise UserError(reason)


def _sign_off(round_: Round, signatures: list[Signature]) -> SignOff:
    sign_off = SignOff(round_)
    for signature in signatures:
        sign_off = sign_off.with_signature(signature)
    return sign_off
