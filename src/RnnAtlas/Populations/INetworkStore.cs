using RnnAtlas.Training;

namespace RnnAtlas.Populations;

/// <summary>Where a population's trained networks are kept (a study folder, or memory in tests).</summary>
public interface INetworkStore
{
    /// <summary>The stored metrics of <paramref name="id"/> when it finished training earlier, else null.</summary>
    NetworkMetrics? FinishedMetrics(NetworkId id);

    /// <summary>Stores a trained network; must be safe to call from several threads for different networks.</summary>
    void Save(NetworkConfig config, TrainingResult result);
}
