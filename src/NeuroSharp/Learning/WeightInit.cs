namespace NeuroSharp.Learning;

/// <summary>How the weights of a layer with fan-in n_in and fan-out n_out are drawn (biases start at 0).</summary>
public enum WeightInit
{
    /// <summary>The "stupid" old way of the lecture: w ~ U(-1/sqrt(n_in), 1/sqrt(n_in)).</summary>
    UniformFanIn,

    /// <summary>Glorot and Bengio (2010): w ~ U(-a, a), a = sqrt(6 / (n_in + n_out)), times 4 for logistic units.</summary>
    Glorot,

    /// <summary>He et al. (2015) for ReLU: w ~ U(-a, a), a = sqrt(6 / n_in), so Var w = 2 / n_in.</summary>
    He,
}
