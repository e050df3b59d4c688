using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

namespace Folint.Analyzer.Rules.Flags;

/// <summary>
/// The answers of one run's recursive questions (is this parameter exclusive in every caller, does this function
/// publish its argument, the flow of a function), kept so that each is computed once, and the same whatever asked
/// first and on whichever thread. A question that comes back to one still being answered on this thread (a cycle in
/// the call graph) gets <c>onCycle</c>, the conservative answer. Nothing computed inside such a cycle is kept, the
/// question the cycle came back to included: its answer assumed the conservative one for the question it asked,
/// and that member of the cycle, asked first, would have assumed it of the other one instead. So each member of a
/// cycle is answered from itself, the same whichever asked first, at the cost of answering it again. A question
/// that asks itself directly is kept: there is nobody else in its cycle. Another thread never sees a question in
/// progress: it answers it itself (the same answer, at the cost of doing it twice), never waits for one, so threads
/// cannot deadlock on each other's cycles.
/// </summary>
internal sealed class RunMemo<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _answers;

    public RunMemo(IEqualityComparer<TKey>? comparer = null)
    {
        _answers = new ConcurrentDictionary<TKey, TValue>(comparer ?? EqualityComparer<TKey>.Default);
    }

    public TValue Get(TKey key, Func<TValue> compute, TValue onCycle) => Get(key, compute, () => onCycle);

    public TValue Get(TKey key, Func<TValue> compute, Func<TValue> onCycle)
    {
        if (_answers.TryGetValue(key, out var known))
            return known;
        var frame = QuestionStack.Find(this, key);
        if (frame >= 0)
        {
            QuestionStack.DependsOn(frame);
            return onCycle();
        }
        var depth = QuestionStack.Push(this, key);
        var keep = false;
        TValue answer;
        try
        {
            answer = compute();
            keep = QuestionStack.OnlyDeeperThan(depth);
        }
        finally
        {
            QuestionStack.Pop(depth);
        }
        if (keep)
            _answers.TryAdd(key, answer);
        return answer;
    }
}

/// <summary>The questions in progress on this thread, across every <see cref="RunMemo{TKey,TValue}"/> (a cycle may pass through several).</summary>
internal static class QuestionStack
{
    [ThreadStatic]
    private static List<(object Memo, object Key)>? t_frames;

    // the shallowest frame an answer given since the current frame began assumed (int.MaxValue: none)
    [ThreadStatic]
    private static int t_assumed;

    [ThreadStatic]
    private static Stack<int>? t_saved;

    public static int Find(object memo, object key)
    {
        var frames = t_frames;
        if (frames is null)
            return -1;
        for (var i = frames.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(frames[i].Memo, memo) && frames[i].Key.Equals(key))
                return i;
        }
        return -1;
    }

    /// <summary>A question came back to the one in <paramref name="frame"/>: what is computed up to it assumed its conservative answer.</summary>
    public static void DependsOn(int frame)
    {
        // a question asking itself directly assumes about itself alone, which it does wherever it is asked
        if (frame < t_frames!.Count - 1)
            t_assumed = Math.Min(t_assumed, frame);
    }

    public static int Push(object memo, object key)
    {
        var frames = t_frames ??= new List<(object, object)>();
        (t_saved ??= new Stack<int>()).Push(frames.Count == 0 ? int.MaxValue : t_assumed);
        t_assumed = int.MaxValue;
        frames.Add((memo, key));
        return frames.Count - 1;
    }

    /// <summary>True when what was computed in the frame at <paramref name="depth"/> assumed nothing about it or a frame above it.</summary>
    public static bool OnlyDeeperThan(int depth) => t_assumed > depth;

    public static void Pop(int depth)
    {
        var frames = t_frames!;
        frames.RemoveAt(frames.Count - 1);
        // an assumption about this frame or a deeper one ends here; one about a frame above it is the caller's too
        var inner = t_assumed < depth ? t_assumed : int.MaxValue;
        t_assumed = Math.Min(t_saved!.Pop(), inner);
    }
}
