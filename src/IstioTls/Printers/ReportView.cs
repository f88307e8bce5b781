using IstioTls.Analysis;
using IstioTls.Printers.JsonPath;

namespace IstioTls.Printers;

/// <summary>kubectl's other <c>-o</c> forms of the <c>check</c> report: <c>wide</c> and
/// <c>name</c> (one line per finding) and <c>jsonpath</c> over the JSON document.</summary>
public abstract record ReportView
{
    public abstract void Print(CheckReport report, TextWriter output, bool noHeaders);
}

public sealed record WideView : ReportView
{
    public override void Print(CheckReport report, TextWriter output, bool noHeaders) => FindingRows.PrintWide(report, output, noHeaders);
}

public sealed record NameView : ReportView
{
    public override void Print(CheckReport report, TextWriter output, bool noHeaders) => FindingRows.PrintNames(report, output);
}

/// <summary><c>-o jsonpath=TEMPLATE</c>: the template over <see cref="ReportDocument"/>, the same
/// document <c>-o json</c> prints.</summary>
public sealed record JsonPathView(JsonPathTemplate Template) : ReportView
{
    public override void Print(CheckReport report, TextWriter output, bool noHeaders) =>
        output.Write(Template.Render(ReportDocument.Build(report)));
}
