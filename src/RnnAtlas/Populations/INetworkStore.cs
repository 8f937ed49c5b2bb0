using RnnAtlas.Training;

namespace RnnAtlas.Populations;

/// <summary>Where a population's trained networks are kept (a study folder, or memory in tests).</summary>
public interface INetworkStore
{
    /// <summary>The stored metrics of <paramref name="id"/> when it finished training earlier, else null.</summary>
    NetworkMetrics? FinishedMetrics(NetworkId id);

    /// <summary>
    /// Claims <paramref name="stage"/>'s work on <paramref name="id"/> for this worker until the returned handle is
    /// disposed; null while another live worker (this process or another) holds it. A claim whose holder stopped
    /// (crashed, killed) expires and can be taken over.
    /// </summary>
    IDisposable? TryClaim(NetworkId id, string stage);

    /// <summary>Stores a trained network; must be safe to call from several threads for different networks.</summary>
    void Save(NetworkConfig config, TrainingResult result);
}
