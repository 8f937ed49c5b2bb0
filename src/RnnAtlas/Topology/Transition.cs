namespace RnnAtlas.Topology;

/// <summary>How a transition was started.</summary>
public enum TransitionKind
{
    /// <summary>Along an unstable direction of a saddle (h* ± ε·v), under the condition's constant input.</summary>
    UnstableManifold,

    /// <summary>From a stable point, one step of a task input pulse, then the condition's input.</summary>
    Input,
}

/// <summary>Where a transition ended.</summary>
public enum TransitionOutcome
{
    /// <summary>At a known fixed point (<see cref="Transition.To"/>).</summary>
    FixedPoint,

    /// <summary>At rest somewhere the fixed-point search had not found.</summary>
    UnknownPoint,

    /// <summary>Left the trajectories' region (or became non-finite).</summary>
    Escaped,

    /// <summary>Still moving after the step budget.</summary>
    Unsettled,
}

/// <summary>One edge of a fixed-point graph.</summary>
/// <param name="From">Source node.</param>
/// <param name="To">Target node when <see cref="Outcome"/> is <see cref="TransitionOutcome.FixedPoint"/>, else null.</param>
/// <param name="Kind">How it was started.</param>
/// <param name="Via">For a manifold: <c>mode 0 +</c> (mode index, part, sign); for an input: the pulse's name.</param>
/// <param name="Outcome">Where it ended.</param>
/// <param name="Steps">Steps until it settled (or the budget).</param>
public sealed record Transition(int From, int? To, TransitionKind Kind, string Via, TransitionOutcome Outcome, int Steps)
{
    /// <summary>True for a manifold that returns to its own saddle.</summary>
    public bool Homoclinic => Kind == TransitionKind.UnstableManifold && To == From;
}
