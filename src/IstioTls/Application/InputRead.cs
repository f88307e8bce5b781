using IstioTls.Documents;
using IstioTls.Model;

namespace IstioTls.Application;

/// <summary>What one input gave: a snapshot (files, or one context), or why it could not be read.</summary>
public abstract record InputRead(SnapshotOrigin Origin);

/// <summary>A snapshot, and the objects as read when they were asked for (plans that write).</summary>
public sealed record SnapshotRead(ConfigSnapshot Snapshot, ObjectsAsRead? Objects) : InputRead(Snapshot.Origin);

/// <summary>A context that could not be read: one line for the user; other contexts go on.</summary>
public sealed record FailedRead(ContextOrigin Context, string Error) : InputRead(Context);
