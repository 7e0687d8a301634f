using AttentionGen.Core;

namespace AttentionGen.Generator;

/// <summary>
/// Inference sessions and the workspace type behind them. A workspace is one activation arena with the forward and
/// backward passes over it; the model owns one for training, each session owns one for inference. Every workspace
/// reads the model's one parameter array, so sessions share the weights and never the activations.
/// </summary>
internal sealed partial class ModelEmission
{
    private void WriteSession()
    {
        _w.Line("/// <summary>");
        _w.Line("/// One inference context of this model: its own activation buffers and attention scratch for batches of up to");
        _w.Line("/// <see cref=\"MaxBatch\"/>, over the model's parameters. It runs the model's forward pass in inference mode (no dropout),");
        _w.Line("/// keeps nothing for a backward pass, has no gradients, and gives bit for bit the output the model's own Forward gives.");
        _w.Line("/// </summary>");
        _w.Line("/// <remarks>");
        _w.Line("/// One session serves one thread at a time; sessions of one model run concurrently. Every call reads the model's");
        _w.Line("/// parameters as they are at that moment: weights changed between calls (a checkpoint loaded, a training step) are");
        _w.Line("/// used by the next call, while changing them during a call is a data race that may mix old and new weights.");
        _w.Line("/// The weights are packed for the matrix products once, by the first call of any of the model's sessions, and reused");
        _w.Line("/// while the model's <see cref=\"Parameters\"/> is not handed out again (write weights through a span taken after the last call).");
        _w.Line("/// <see cref=\"Dispose\"/> releases the buffers.");
        _w.Line("/// </remarks>");
        _w.Open("public sealed class InferenceSession : " + Runtime + SessionInterface);
        _w.Line("private readonly " + Names.Identifier(_spec.ClassName) + " _model;");
        _w.Line("private " + _names.Workspace + "? _workspace; // null once disposed");
        _w.Line("private " + Runtime + "WeightPanels? _panels; // the model's weights packed for the products, shared with its other sessions; null once disposed");
        _w.Line();
        _w.Open("internal InferenceSession(" + Names.Identifier(_spec.ClassName) + " model, int maxBatch)");
        _w.Line(Runtime + "ArenaLayout.CheckMaxBatch(maxBatch);");
        _w.Line("MaxBatch = maxBatch;");
        _w.Line("// An inference workspace: no activation gradients, nothing recorded for Backward, the model's parameters read in place.");
        _w.Line("_workspace = new " + _names.Workspace + "(model._parameters, global::System.Array.Empty<float>(), maxBatch, forTraining: false);");
        _w.Line("_model = model;");
        _w.Line("_panels = model._panels;");
        _w.Close();
        _w.Line();
        _w.Line("/// <inheritdoc/>");
        _w.Line("public int MaxBatch { get; }");
        _w.Line();

        WriteForwardDocs("Runs the model in inference mode and returns its output " + Xml(_graph.Output.ToString())
            + (_graph.OutputActivation != OutputActivation.None ? " as logits." : "."), "this session's buffers");
        _w.Open("public " + ReadOnlySpan + " Forward(" + ForwardParameters() + ")");
        _w.Line("var workspace = Active;");
        _w.Line(Runtime + "InputGuard.SessionBatch(batch, MaxBatch);");
        _w.Line(_names.CheckInput + "(" + ForwardArguments() + ");");
        _w.Line("using var panels = " + Runtime + "WeightPanels.Use(_panels, _model.ParameterVersion);");
        _w.Line("return workspace.Forward(" + ForwardArguments() + ");");
        _w.Close();
        _w.Line();

        if (_graph.OutputActivation != OutputActivation.None)
        {
            WritePredictDocs("this session's buffers");
            _w.Open("public " + ReadOnlySpan + " Predict(" + ForwardParameters() + ")");
            _w.Line("var logits = Forward(" + ForwardArguments() + ");");
            _w.Line("return Active." + _names.Probabilities + "(logits);");
            _w.Close();
            _w.Line();
        }

        _w.Line("/// <summary>Releases the session's buffers; a call after it throws <see cref=\"global::System.ObjectDisposedException\"/>.</summary>");
        _w.Open("public void Dispose()");
        _w.Line("_workspace = null;");
        _w.Line("_panels = null;");
        _w.Close();
        _w.Line();
        _w.Line("private " + _names.Workspace + " Active => _workspace ?? throw new global::System.ObjectDisposedException(nameof(InferenceSession),");
        _w.Line("    \"This inference session was disposed; create another with CreateInferenceSession.\");");
        _w.Close();
        _w.Line();
    }

    private void WriteWorkspace()
    {
        _w.Line("/// <summary>");
        _w.Line("/// One activation arena and the passes over it. The model keeps one for its Forward and Backward; each");
        _w.Line("/// <see cref=\"InferenceSession\"/> has its own. All of them read the model's one parameter array.");
        _w.Line("/// </summary>");
        _w.Open("private sealed class " + _names.Workspace);
        WriteWorkspaceFields();
        WriteWorkspaceConstructor();
        WriteRemember();
        WriteForwardPass();
        WriteProbabilities();
        WriteBackwardPass();
        WriteAttentionWeightsPass();
        WriteBlocks();
        WriteAccessors();
        _w.Close();
    }
}
