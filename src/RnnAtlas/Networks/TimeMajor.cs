using System.Numerics;

namespace RnnAtlas.Networks;

/// <summary>Conversions between the user-facing [batch, time, width] layout and the engine's [time, batch, width].</summary>
public static class TimeMajor
{
    /// <summary>Converts float32 [batch, time, width] to <typeparamref name="T"/> [time, batch, width] into <paramref name="destination"/>.</summary>
    public static void FromTrials<T>(ReadOnlySpan<float> source, int batch, int time, int width, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var b = 0; b < batch; b++)
        {
            for (var t = 0; t < time; t++)
            {
                var from = source.Slice((b * time + t) * width, width);
                var to = destination.Slice((t * batch + b) * width, width);
                for (var c = 0; c < width; c++)
                {
                    to[c] = T.CreateTruncating(from[c]);
                }
            }
        }
    }

    /// <summary>Converts float32 [batch, time, width] to a new <typeparamref name="T"/> [time, batch, width] array.</summary>
    public static T[] FromTrials<T>(ReadOnlySpan<float> source, int batch, int time, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new T[batch * time * width];
        FromTrials(source, batch, time, width, result.AsSpan());
        return result;
    }

    /// <summary>Converts [time, batch, width] to a new [batch, time, width] array.</summary>
    public static T[] ToTrials<T>(ReadOnlySpan<T> source, int batch, int time, int width)
    {
        var result = new T[batch * time * width];
        for (var t = 0; t < time; t++)
        {
            for (var b = 0; b < batch; b++)
            {
                source.Slice((t * batch + b) * width, width).CopyTo(result.AsSpan((b * time + t) * width, width));
            }
        }
        return result;
    }
}
