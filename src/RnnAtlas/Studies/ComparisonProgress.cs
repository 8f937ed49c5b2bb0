namespace RnnAtlas.Studies;

/// <summary>Progress of the comparison stage for one task.</summary>
/// <param name="Task">The task's analysis folder name.</param>
/// <param name="Prepared">Networks run on the probe trials and prepared so far.</param>
/// <param name="Networks">Networks of the task.</param>
/// <param name="PairsDone">Network pairs compared so far.</param>
/// <param name="Pairs">Network pairs to compare in this run (pairs already on disk excluded).</param>
public sealed record ComparisonProgress(string Task, int Prepared, int Networks, long PairsDone, long Pairs);
