namespace RnnAtlas.Tasks;

/// <summary>
/// A batch of task trials: <see cref="Inputs"/> [batch, time, input], <see cref="Targets"/> and <see cref="Mask"/>
/// [batch, time, output], all row-major float32. The mask holds loss weights (1 = scored, 0 = ignored).
/// </summary>
public sealed class TrialBatch
{
    /// <summary>Creates a batch; array lengths must match the shape.</summary>
    /// <exception cref="ArgumentException">An array length does not match the shape.</exception>
    public TrialBatch(int batchSize, int timeSteps, int inputSize, int outputSize, float[] inputs, float[] targets, float[] mask)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(mask);
        if (inputs.Length != batchSize * timeSteps * inputSize)
        {
            throw new ArgumentException($"inputs hold {inputs.Length} values, shape needs {batchSize * timeSteps * inputSize}", nameof(inputs));
        }
        if (targets.Length != batchSize * timeSteps * outputSize || mask.Length != targets.Length)
        {
            throw new ArgumentException("targets and mask must both be [batch, time, output]", nameof(targets));
        }
        BatchSize = batchSize;
        TimeSteps = timeSteps;
        InputSize = inputSize;
        OutputSize = outputSize;
        Inputs = inputs;
        Targets = targets;
        Mask = mask;
    }

    /// <summary>The state every trial starts from ([state]: [h] or, for an LSTM, [h; c]); null for the zero state.</summary>
    public float[]? InitialState { get; init; }

    /// <summary>Number of trials.</summary>
    public int BatchSize { get; }

    /// <summary>Time steps per trial.</summary>
    public int TimeSteps { get; }

    /// <summary>Input channels.</summary>
    public int InputSize { get; }

    /// <summary>Output channels.</summary>
    public int OutputSize { get; }

    /// <summary>Inputs, [batch, time, input].</summary>
    public float[] Inputs { get; }

    /// <summary>Targets, [batch, time, output].</summary>
    public float[] Targets { get; }

    /// <summary>Loss weights, [batch, time, output].</summary>
    public float[] Mask { get; }

    /// <summary>Index of element (trial, time, channel) in a [batch, time, width] array.</summary>
    public int Index(int trial, int time, int channel, int width) => (trial * TimeSteps + time) * width + channel;
}
