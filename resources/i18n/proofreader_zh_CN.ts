<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Gazette Proofreader</source>
        <translation>关于政府公报校对工具</translation>
    </message>
    <message>
        <source>Proofread the OCR of government gazette tables: find the rows whose totals don&apos;t add up, correct them, export the corrections.</source>
        <translation>校对政府公报表格的 OCR 文字：找出合计对不上的行，改正，并导出更正结果。</translation>
    </message>
    <message>
        <source>Version %1 · Qt %2 · PySide6 %3 · Python %4</source>
        <translation>版本 %1 · Qt %2 · PySide6 %3 · Python %4</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>Settings: %1</source>
        <translation>设置文件：%1</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <source>&amp;File</source>
        <extracomment>Actions of the table pane also appear in its context menu. Menus in the order of the menu bar.</extracomment>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Rows</source>
        <translation>行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>Re&amp;view</source>
        <translation>审核(&amp;V)</translation>
    </message>
    <message>
        <source>V&amp;iew</source>
        <translation>视图(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Import OCR text…</source>
        <translation>导入 OCR 文本(&amp;I)…</translation>
    </message>
    <message>
        <source>Import issues&apos; OCR text files (you can also drop them on the window)</source>
        <translation>导入期刊的 OCR 文本文件（也可以直接拖到窗口上）</translation>
    </message>
    <message>
        <source>&amp;Export for the central office…</source>
        <translation>导出给中心(&amp;E)…</translation>
    </message>
    <message>
        <source>Export tables as &amp;XLSX…</source>
        <translation>表格导出为 &amp;XLSX…</translation>
    </message>
    <message>
        <source>Export tables as &amp;CSV…</source>
        <translation>表格导出为 &amp;CSV…</translation>
    </message>
    <message>
        <source>&amp;Remove this issue from the store…</source>
        <translation>从数据库中删除本期(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Edit &amp;cell</source>
        <translation>编辑单元格(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Accept the suggestion</source>
        <translation>采纳建议(&amp;A)</translation>
    </message>
    <message>
        <source>Apply the current finding&apos;s suggested value</source>
        <translation>把当前问题的建议值填入表格</translation>
    </message>
    <message>
        <source>&amp;Find in this issue…</source>
        <translation>在本期中查找(&amp;F)…</translation>
    </message>
    <message>
        <source>Find a text in this issue&apos;s OCR text and table cells</source>
        <translation>在本期的 OCR 原文和表格单元格中查找</translation>
    </message>
    <message>
        <source>Find in &amp;all issues…</source>
        <translation>在所有期中查找(&amp;A)…</translation>
    </message>
    <message>
        <source>Find in the &amp;OCR text…</source>
        <translation>在 OCR 原文中查找(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Next open finding</source>
        <translation>下一个未解决的问题(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous open finding</source>
        <translation>上一个未解决的问题(&amp;P)</translation>
    </message>
    <message>
        <source>Decide: &amp;as printed…</source>
        <translation>决定：原件如此(&amp;A)…</translation>
    </message>
    <message>
        <source>The print itself says so: write a note, Enter decides</source>
        <translation>印刷件本身就是这样：写明理由，按 Enter 决定</translation>
    </message>
    <message>
        <source>Decide: &amp;not a problem…</source>
        <translation>决定：不是问题(&amp;N)…</translation>
    </message>
    <message>
        <source>A false alarm: write a note, Enter decides</source>
        <translation>误报：写明理由，按 Enter 决定</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Normal size</source>
        <translation>正常大小(&amp;N)</translation>
    </message>
    <message>
        <source>Findings: decide (the fix, As printed or Not a problem, as chosen below the list) and go to the next open finding</source>
        <translation>问题列表：按列表下方所选作出决定（采纳修正、原件如此或不是问题），并转到下一个未解决的问题</translation>
    </message>
    <message>
        <source>Findings: show the finding&apos;s row and OCR line</source>
        <translation>问题列表：显示该问题所在的行和 OCR 原文</translation>
    </message>
    <message>
        <source>Findings: go to the finding&apos;s row, to correct it</source>
        <translation>问题列表：转到该问题所在的行，以便改正</translation>
    </message>
    <message>
        <source>Find &amp;next</source>
        <translation>查找下一个(&amp;N)</translation>
    </message>
    <message>
        <source>Find &amp;previous</source>
        <translation>查找上一个(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Insert row below</source>
        <translation>在下方插入一行(&amp;I)</translation>
    </message>
    <message>
        <source>Insert row &amp;above</source>
        <translation>在上方插入一行(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Delete row</source>
        <translation>删除此行(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Split row in two…</source>
        <translation>把此行拆成两行(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Merge with next row</source>
        <translation>与下一行合并(&amp;M)</translation>
    </message>
    <message>
        <source>Move row to &amp;group…</source>
        <translation>移到其他分组(&amp;G)…</translation>
    </message>
    <message>
        <source>Group &amp;header ⇄ data row</source>
        <translation>分组标题 ⇄ 数据行(&amp;H)</translation>
    </message>
    <message>
        <source>Go to the navigator</source>
        <translation>转到目录</translation>
    </message>
    <message>
        <source>Go to the OCR text</source>
        <translation>转到 OCR 原文</translation>
    </message>
    <message>
        <source>Go to the table</source>
        <translation>转到表格</translation>
    </message>
    <message>
        <source>Go to the findings</source>
        <translation>转到问题列表</translation>
    </message>
    <message>
        <source>Table status: To do</source>
        <translation>本表状态：未校对</translation>
    </message>
    <message>
        <source>Table status: In progress</source>
        <translation>本表状态：校对中</translation>
    </message>
    <message>
        <source>Table status: Proofread</source>
        <translation>本表状态：已校对</translation>
    </message>
    <message>
        <source>Table status: Approved (second proofreader)</source>
        <translation>本表状态：已审核（须另一位校对人）</translation>
    </message>
    <message>
        <source>Correction &amp;history of this table…</source>
        <translation>本表的更正记录(&amp;H)…</translation>
    </message>
    <message>
        <source>Change proofreader &amp;name…</source>
        <translation>更改校对人姓名(&amp;N)…</translation>
    </message>
    <message>
        <source>中文 (Chinese)</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English（英文）</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>快捷键一览(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About Gazette Proofreader</source>
        <translation>关于本工具(&amp;A)</translation>
    </message>
    <message>
        <source>Table cell: save the value (never while the input method composes)</source>
        <extracomment>Keys handled inside a pane (listed in the help dialog, not actions of the window).</extracomment>
        <translation>表格单元格：保存所填内容（输入法选字时不会保存）</translation>
    </message>
    <message>
        <source>Table cell: cancel the edit</source>
        <translation>表格单元格：取消编辑</translation>
    </message>
    <message>
        <source>OCR text: select the row printed on this line</source>
        <translation>OCR 原文：选中印在这一行的表格行</translation>
    </message>
    <message>
        <source>Find bar: next / previous match</source>
        <translation>查找栏：下一个 / 上一个</translation>
    </message>
</context>
<context>
    <name>DecisionBar</name>
    <message>
        <source>Apply the fix (F9)</source>
        <extracomment>Enter on a finding: decide it (the decision bar&apos;s choice) and go on. Enter in the note, or the button: decide.</extracomment>
        <translation>采纳修正（F9）</translation>
    </message>
    <message>
        <source>As printed (the print itself says so)</source>
        <translation>原件如此（印刷件本身就是这样）</translation>
    </message>
    <message>
        <source>Not a problem (false alarm)</source>
        <translation>不是问题（误报）</translation>
    </message>
    <message>
        <source>Note: why (required for As printed / Not a problem)</source>
        <translation>理由（原件如此、不是问题须填写）</translation>
    </message>
    <message>
        <source>Decide (Enter)</source>
        <translation>决定（Enter）</translation>
    </message>
    <message>
        <source>Decision:</source>
        <translation>决定：</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Unexpected error: %1. Your committed corrections are safe in the store.</source>
        <translation>意外错误：%1。已保存的更正都安全地保存在数据库中。</translation>
    </message>
    <message>
        <source>Gazette Proofreader</source>
        <translation>政府公报校对工具</translation>
    </message>
</context>
<context>
    <name>EditCommands</name>
    <message>
        <source>No proofreader name: nothing was saved.</source>
        <translation>未填写校对人姓名：没有保存。</translation>
    </message>
    <message>
        <source>The correction was not saved.</source>
        <translation>这处更正没有保存。</translation>
    </message>
    <message>
        <source>Part of the step was not saved.</source>
        <translation>这一步只保存了一部分。</translation>
    </message>
    <message>
        <source>The decision was not saved.</source>
        <translation>这个决定没有保存。</translation>
    </message>
    <message>
        <source>Edit cell: %1 → %2</source>
        <translation>修改单元格：%1 → %2</translation>
    </message>
    <message>
        <source>Select a row of the table first.</source>
        <translation>请先在表格中选中一行。</translation>
    </message>
    <message>
        <source>Insert row</source>
        <translation>插入一行</translation>
    </message>
    <message>
        <source>Delete row</source>
        <translation>删除一行</translation>
    </message>
    <message>
        <source>Split row</source>
        <translation>拆分一行</translation>
    </message>
    <message>
        <source>The last row has no next row to merge with.</source>
        <translation>最后一行没有下一行可以合并。</translation>
    </message>
    <message>
        <source>Merge rows</source>
        <translation>合并两行</translation>
    </message>
    <message>
        <source>This table has no groups.</source>
        <translation>这张表没有分组。</translation>
    </message>
    <message>
        <source>The row is in that group already.</source>
        <translation>这一行已经在该分组中。</translation>
    </message>
    <message>
        <source>Move row</source>
        <translation>移动一行</translation>
    </message>
    <message>
        <source>Change row kind</source>
        <translation>更改行的类型</translation>
    </message>
    <message>
        <source>No finding here.</source>
        <translation>这里没有问题。</translation>
    </message>
    <message>
        <source>This finding has no value to apply: correct the cell by hand, or decide it (As printed / Not a problem).</source>
        <translation>这条问题没有可直接填入的值：请手工改正单元格，或作出决定（原件如此 / 不是问题）。</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>没有可撤销的操作。</translation>
    </message>
    <message>
        <source>Nothing to redo.</source>
        <translation>没有可重做的操作。</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in the OCR text</source>
        <extracomment>Fonts that render Chinese well, best first (Linux, Windows, older Windows).</extracomment>
        <translation>在 OCR 原文中查找</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>上一个（Shift+Enter）</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>下一个（Enter）</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation>查找：</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n 处</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FindingsModel</name>
    <message>
        <source>Severity</source>
        <extracomment>The finding object of a row (the window navigates with it). The value the proxy sorts by. The decision bar&apos;s choices: the rule&apos;s fix (F9), or a decision with a note.</extracomment>
        <translation>级别</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>表</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>决定</translation>
    </message>
</context>
<context>
    <name>FindingsPane</name>
    <message>
        <source>Whole issue</source>
        <extracomment>Go to this finding (its table, row and OCR line), with the focus. The current finding changed (keys or a click): show its row, keep the focus here. Decide this finding with the decision bar&apos;s choice: (finding, kind, note). The scope changed: &quot;table&quot; or &quot;issue&quot;.</extracomment>
        <translation>整期</translation>
    </message>
    <message>
        <source>Current table</source>
        <translation>当前表</translation>
    </message>
    <message>
        <source>Unresolved only</source>
        <translation>只看未解决</translation>
    </message>
    <message>
        <source>Hide the findings decided as printed or not a problem</source>
        <translation>隐藏已决定为“原件如此”或“不是问题”的问题</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>范围：</translation>
    </message>
    <message>
        <source>%1 errors, %2 warnings, %3 notes open</source>
        <extracomment>The finding last visited: F8 goes on from its place, even once it is gone.</extracomment>
        <translation>未解决：%1 个错误，%2 个警告，%3 条提示</translation>
    </message>
    <message>
        <source>, %1 decided</source>
        <translation>；已决定 %1 条</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>Correction history: %1</source>
        <translation>更正记录：%1</translation>
    </message>
    <message>
        <source>correction</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>#</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Proofreader</source>
        <translation>校对人</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>No corrections yet.</source>
        <translation>还没有更正。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Gazette Proofreader</source>
        <extracomment>The catalog (issues and tables) is shown. An issue is shown, with its text, tables and findings: its id.</extracomment>
        <translation>政府公报校对工具</translation>
    </message>
    <message>
        <source>Reason for the next corrections (optional)</source>
        <translation>接下来的更正的理由（可不填）</translation>
    </message>
    <message>
        <source>Saved with every correction made while it is filled in; kept until you change it</source>
        <translation>填写后，每一处更正都会记下这条理由；改动前一直保留</translation>
    </message>
    <message>
        <source>Corrected rows only</source>
        <translation>只看已更正</translation>
    </message>
    <message>
        <source>Review:</source>
        <translation>校对状态：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>理由：</translation>
    </message>
    <message>
        <source>Issues and tables</source>
        <translation>期刊与表格</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>问题列表</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查找结果</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <source>OCR text: %1 (%2 lines)</source>
        <translation>OCR 原文：%1（共 %2 行）</translation>
    </message>
    <message>
        <source>Gazette Proofreader — %1</source>
        <translation>政府公报校对工具 — %1</translation>
    </message>
    <message>
        <source>Opened %1 in %2 s</source>
        <translation>已打开 %1（%2 秒）</translation>
    </message>
    <message>
        <source>%1 correction(s) of the previous OCR run were not carried over (the same row was not found); please look at them:</source>
        <translation>上一版 OCR 的 %1 条更正未沿用（新版中找不到同一行），请查看：</translation>
    </message>
    <message>
        <source>✓ Saved (#%1, %2)</source>
        <translation>✓ 已保存（第 %1 号更正，%2）</translation>
    </message>
    <message>
        <source>Table %1 is back to In progress: it changed after its review.</source>
        <translation>表 %1 已改回“校对中”：校对或审核之后又有改动。</translation>
    </message>
    <message>
        <source>✗ Not saved</source>
        <translation>✗ 未保存</translation>
    </message>
    <message>
        <source>Issue: %1 errors, %2 warnings left</source>
        <translation>本期剩余 %1 个错误，%2 个警告</translation>
    </message>
    <message>
        <source>Table: %1 errors, %2 warnings left</source>
        <translation>本表剩余 %1 个错误，%2 个警告</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; %2 · lines %3–%4 · %5 rows</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; %2 · 第 %3–%4 行 · %5 行数据</translation>
    </message>
    <message>
        <source>Whole table: %1</source>
        <translation>整表：%1</translation>
    </message>
    <message>
        <source>by %1</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <source>No open findings: every finding is fixed or decided.</source>
        <translation>没有未解决的问题：每个问题都已改正或已决定。</translation>
    </message>
    <message>
        <source>This finding has no fix: choose As printed or Not a problem and write a note.</source>
        <translation>这个问题没有可采纳的修正：请选择“原件如此”或“不是问题”并写明理由。</translation>
    </message>
    <message>
        <source>Write a note saying why, then press Enter.</source>
        <translation>请写明理由，再按 Enter。</translation>
    </message>
    <message>
        <source>Select a finding first (F8).</source>
        <translation>请先选中一个问题（F8）。</translation>
    </message>
    <message>
        <source>Undo: %1</source>
        <translation>撤销：%1</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo: %1</source>
        <translation>重做：%1</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Proofreader: %1</source>
        <translation>校对人：%1</translation>
    </message>
    <message>
        <source>Proofreader: (not set)</source>
        <translation>校对人：（未填写）</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Text size: %1 pt</source>
        <translation>字号：%1 磅</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>The language changes the next time the window opens.</source>
        <translation>界面语言将在下次打开窗口时更改。</translation>
    </message>
</context>
<context>
    <name>MoveRowDialog</name>
    <message>
        <source>Move row to group</source>
        <translation>移到其他分组</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <source>The row goes to the end of the group you choose:</source>
        <translation>这一行将移到所选分组的末尾：</translation>
    </message>
</context>
<context>
    <name>NavigatorPane</name>
    <message>
        <source>Issue / table</source>
        <translation>期刊 / 表格</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>All tables</source>
        <translation>全部表格</translation>
    </message>
    <message>
        <source>Tables with errors</source>
        <translation>有错误的表格</translation>
    </message>
    <message>
        <source>Tables with errors or warnings</source>
        <translation>有错误或警告的表格</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>%1 lines, %2 tables, encoding %3, imported %4</source>
        <translation>共 %1 行，%2 张表，编码 %3，导入于 %4</translation>
    </message>
    <message>
        <source>(no document title)</source>
        <translation>（无文件标题）</translation>
    </message>
    <message>
        <source>(untitled table)</source>
        <translation>（无标题表格）</translation>
    </message>
    <message>
        <source>%1
lines %2–%3, %4 rows</source>
        <translation>%1
第 %2–%3 行，%4 行数据</translation>
    </message>
    <message>
        <source>%1 by %2 at %3</source>
        <translation>%1（%2，%3）</translation>
    </message>
</context>
<context>
    <name>OperatorDialog</name>
    <message>
        <source>Proofreader</source>
        <translation>校对人</translation>
    </message>
    <message>
        <source>e.g. 张三</source>
        <translation>例如：张三</translation>
    </message>
    <message>
        <source>Your name is recorded with every correction you make and every review status you set. 已审核 (approved) can only be set by someone other than the person who corrected the table.</source>
        <translation>每一处更正和每一次设置校对状态都会记下您的姓名。“已审核”只能由未改过该表的另一位校对人设置。</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
</context>
<context>
    <name>SearchPane</name>
    <message>
        <source>Text to find in the OCR text and the table cells</source>
        <extracomment>Search for this text: (text, all issues?). Go to this hit.</extracomment>
        <translation>要在 OCR 原文和表格单元格中查找的文字</translation>
    </message>
    <message>
        <source>All issues</source>
        <translation>所有期</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>期</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation>查找：</translation>
    </message>
    <message>
        <source>OCR text</source>
        <translation>OCR 原文</translation>
    </message>
    <message>
        <source>%1 “%2”</source>
        <translation>%1 “%2”</translation>
    </message>
    <message>
        <source>%1 found</source>
        <translation>找到 %1 处</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键一览</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>功能</translation>
    </message>
</context>
<context>
    <name>SplitRowDialog</name>
    <message>
        <source>Split row in two</source>
        <translation>把一行拆成两行</translation>
    </message>
    <message>
        <source>First row</source>
        <translation>第一行</translation>
    </message>
    <message>
        <source>Second row</source>
        <translation>第二行</translation>
    </message>
    <message>
        <source>OCR ran two entries together: share the text out between the two rows. Put the cursor where the second entry starts and press Ctrl+Enter.</source>
        <translation>OCR 把两条记录连成了一行：请把文字分到两行中。把光标放在第二条记录开始处，按 Ctrl+Enter。</translation>
    </message>
    <message>
        <source>Split at the cursor (Ctrl+Enter)</source>
        <translation>在光标处拆分（Ctrl+Enter）</translation>
    </message>
</context>
<context>
    <name>TableModel</name>
    <message>
        <source>Column %1</source>
        <extracomment>A corrected cell, and a finding decided (原件如此 / 不是问题): no longer a problem. Tints: strong on the cell a finding names, light on the rest of its row. Rows were inserted, removed or changed kind (the view re-spans group rows). (row key, column) -&gt; the correction&apos;s original value, who, when, why. row key -&gt; the findings whose fix names a cell of that row (column -&gt; findings).</extracomment>
        <translation>第 %1 列</translation>
    </message>
    <message>
        <source>OCR line %1</source>
        <translation>原文第 %1 行</translation>
    </message>
    <message>
        <source>OCR lines %1–%2</source>
        <translation>原文第 %1–%2 行</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>已决定</translation>
    </message>
    <message>
        <source>Suggestion: %1</source>
        <translation>建议：%1</translation>
    </message>
    <message>
        <source>Corrected: was “%1” (%2, %3)</source>
        <translation>已更正：原为“%1”（%2，%3）</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>理由：%1</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>stated %1, actual %2, difference %3</source>
        <translation>写明 %1，实有 %2，差 %3</translation>
    </message>
    <message>
        <source>stated %1, cannot be checked</source>
        <translation>写明 %1，无法核对</translation>
    </message>
    <message>
        <source>stated %1, actual %2 ✓</source>
        <translation>写明 %1，实有 %2 ✓</translation>
    </message>
</context>
<context>
    <name>Transfer</name>
    <message>
        <source>Cancel</source>
        <extracomment>Files left out because the proofreader pressed Cancel.</extracomment>
        <translation>取消</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>请稍候</translation>
    </message>
    <message>
        <source>Cancelling: the file being imported is finished first…</source>
        <translation>正在取消：先导入完当前这个文件…</translation>
    </message>
    <message>
        <source>Look in:</source>
        <translation>查找范围：</translation>
    </message>
    <message>
        <source>Files of type:</source>
        <translation>文件类型：</translation>
    </message>
    <message>
        <source>Import OCR text</source>
        <translation>导入 OCR 文本</translation>
    </message>
    <message>
        <source>OCR text (*.txt *.md *.text);;All files (*)</source>
        <translation>OCR 文本 (*.txt *.md *.text);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import failed; the store is unchanged.</source>
        <translation>导入失败，数据库未改动。</translation>
    </message>
    <message>
        <source>Imported %1 issue(s)</source>
        <translation>已导入 %1 期</translation>
    </message>
    <message>
        <source>%1 already in the store</source>
        <translation>%1 期已在数据库中</translation>
    </message>
    <message>
        <source>%1 earlier corrections carried over</source>
        <translation>沿用了以前的 %1 处更正</translation>
    </message>
    <message>
        <source>cancelled: %1 not imported</source>
        <translation>已取消：%1 未导入</translation>
    </message>
    <message>
        <source>These files were not imported:</source>
        <translation>以下文件没有导入：</translation>
    </message>
    <message>
        <source>Export for the central office</source>
        <translation>导出给中心</translation>
    </message>
    <message>
        <source>SQLite file (*.sqlite)</source>
        <translation>SQLite 文件 (*.sqlite)</translation>
    </message>
    <message>
        <source>Export tables as XLSX</source>
        <translation>表格导出为 XLSX</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export tables as CSV into folder</source>
        <translation>表格导出为 CSV（选择文件夹）</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Exported %1 issue(s), %2 table(s), %3 correction(s) to %4</source>
        <translation>已导出 %1 期、%2 张表、%3 处更正到 %4</translation>
    </message>
    <message>
        <source>Export failed.</source>
        <translation>导出失败。</translation>
    </message>
    <message>
        <source>Remove this issue</source>
        <translation>删除本期</translation>
    </message>
    <message>
        <source>%1 has %2 corrections and decisions. Export them for the central office first, or remove the issue with them?</source>
        <translation>%1 有 %2 条更正和决定。先导出给中心，还是连同它们一起删除本期？</translation>
    </message>
    <message>
        <source>Export first…</source>
        <translation>先导出…</translation>
    </message>
    <message>
        <source>Remove %1 from the store? Its OCR file is not touched; you can import it again.</source>
        <translation>从数据库中删除 %1？OCR 原文件不受影响，可以重新导入。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>The issue was not removed.</source>
        <translation>本期没有删除。</translation>
    </message>
</context>
</TS>
