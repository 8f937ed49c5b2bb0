namespace RnnAtlas.Cells;

/// <summary>The recurrent architectures of the study.</summary>
public enum CellKind
{
    /// <summary>h' = φ(W_ih x + b_ih + W_hh h + b_hh) (PyTorch nn.RNN).</summary>
    Vanilla,

    /// <summary>Update-gate RNN (Collins, Sohl-Dickstein &amp; Sussillo 2017).</summary>
    Ugrnn,

    /// <summary>Gated recurrent unit (PyTorch nn.GRU).</summary>
    Gru,

    /// <summary>Long short-term memory (PyTorch nn.LSTM); state is [h; c].</summary>
    Lstm,
}
