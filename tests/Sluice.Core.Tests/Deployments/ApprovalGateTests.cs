using Sluice.Core.Deployments;

namespace Sluice.Core.Tests.Deployments;

public sealed class ApprovalGateTests
{
    private static readonly DateTimeOffset T0 = ManualClock.Start;

    private static ApprovalRequest Request(int required = 2, TimeSpan? timeout = null, bool self = false, string triggeredBy = "carol") =>
        new(new ApprovalRule(["alice", "bob", "carol"], [], required, timeout, self), ["alice", "bob", "carol"], triggeredBy, T0);

    private static ApprovalDecision Approve(string who, int minute) => new(who, true, null, T0.AddMinutes(minute));

    [Fact]
    public void Evaluate_TwoOfThree_ApprovedOnlyAfterTheSecondDistinctApproval()
    {
        var request = Request(required: 2);

        var one = ApprovalGate.Evaluate(request, [Approve("alice", 1)], T0.AddMinutes(2));
        var sameTwice = ApprovalGate.Evaluate(request, [Approve("alice", 1), Approve("ALICE", 2)], T0.AddMinutes(3));
        var two = ApprovalGate.Evaluate(request, [Approve("alice", 1), Approve("bob", 4)], T0.AddMinutes(5));

        one.Status.ShouldBe(ApprovalStatus.Pending);
        one.Summary.ShouldBe("waiting for 1 more approval(s) (1 of 2) from bob");
        sameTwice.Status.ShouldBe(ApprovalStatus.Pending);
        two.Status.ShouldBe(ApprovalStatus.Approved);
        two.ApprovedBy.ShouldBe(["alice", "bob"]);
        two.Summary.ShouldBe("approved by alice, bob");
    }

    [Fact]
    public void Evaluate_OneRejection_Rejects()
    {
        var state = ApprovalGate.Evaluate(Request(), [Approve("alice", 1), new ApprovalDecision("bob", false, "not on a Friday", T0.AddMinutes(2))], T0.AddMinutes(3));

        state.Status.ShouldBe(ApprovalStatus.Rejected);
        state.RejectedBy.ShouldBe("bob");
        state.Summary.ShouldBe("rejected by bob: not on a Friday");
    }

    [Fact]
    public void Evaluate_Timeout_RejectsAutomaticallyAtTheDeadline()
    {
        var request = Request(required: 1, timeout: TimeSpan.FromDays(1));

        var before = ApprovalGate.Evaluate(request, [], T0.AddDays(1).AddSeconds(-1));
        var at = ApprovalGate.Evaluate(request, [], T0.AddDays(1));
        var late = ApprovalGate.Evaluate(request, [Approve("alice", 24 * 60 + 1)], T0.AddDays(2));

        before.Status.ShouldBe(ApprovalStatus.Pending);
        before.Deadline.ShouldBe(T0.AddDays(1));
        at.Status.ShouldBe(ApprovalStatus.Rejected);
        at.TimedOut.ShouldBeTrue();
        at.Summary.ShouldBe("no approval within 1d (0 of 1); rejected automatically");
        late.Status.ShouldBe(ApprovalStatus.Rejected);
    }

    [Fact]
    public void SelfApproval_Off_IsRefusedAndNotCounted()
    {
        var request = Request(required: 1, triggeredBy: "alice");

        ApprovalGate.Check(request, [], Approve("alice", 1)).ShouldBe("alice triggered this deployment and may not approve it (self-approval is off)");
        ApprovalGate.Evaluate(request, [Approve("alice", 1)], T0.AddMinutes(2)).Status.ShouldBe(ApprovalStatus.Pending);
        ApprovalGate.Check(Request(required: 1, self: true, triggeredBy: "alice"), [], Approve("alice", 1)).ShouldBeNull();
    }

    [Fact]
    public void Check_RefusesStrangersRepeatsAndDecidedApprovals()
    {
        var request = Request(required: 1);

        ApprovalGate.Check(request, [], Approve("mallory", 1)).ShouldBe("mallory is not a reviewer of this environment (reviewers: alice, bob, carol)");
        ApprovalGate.Check(Request(required: 2), [Approve("alice", 1)], Approve("alice", 2)).ShouldBe("alice has already decided on this deployment");
        ApprovalGate.Check(request, [Approve("alice", 1)], Approve("bob", 2)).ShouldBe("the approval is already decided: approved by alice");
        ApprovalGate.Check(request with { Rule = request.Rule with { Timeout = TimeSpan.FromHours(1) } }, [], Approve("bob", 61))
            .ShouldBe("the approval is already decided: no approval within 1h (0 of 1); rejected automatically");
    }

    [Fact]
    public void Anyone_AcceptsEveryPersonOnce()
    {
        var request = new ApprovalRequest(ApprovalRule.Anyone, [], "alice", T0);

        ApprovalGate.Check(request, [], Approve("alice", 1)).ShouldBeNull();
        ApprovalGate.Evaluate(request, [Approve("zoe", 1)], T0.AddMinutes(1)).Status.ShouldBe(ApprovalStatus.Approved);
    }
}
