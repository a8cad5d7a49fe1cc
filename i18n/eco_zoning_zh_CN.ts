<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>AccessListController</name>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="418"/>
        <source>(no dimension)</source>
        <translation>（无管控维度）</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="444"/>
        <source>Unit-level requirement {0}: double-click to edit.</source>
        <translation>单元级管控要求 {0}：双击可编辑。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="448"/>
        <source>Inherited from {0} {1}: read-only here. Use &apos;Show owner&apos; to edit it where it is defined.</source>
        <translation>继承自{0} {1}：此处只读。请使用“转到定义处”在其定义处编辑。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="496"/>
        <source>No unit selected: select a control unit.</source>
        <translation>未选择单元：请选择一个环境管控单元。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="498"/>
        <source>The selected unit has no unit code or no longer exists.</source>
        <translation>所选单元没有单元编码或已不存在。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="501"/>
        <source>Unit {0} {1} ({2}, county {3})</source>
        <translation>单元 {0} {1}（{2}，行政区划代码 {3}）</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="515"/>
        <source>No access-list table in the project: create a project database or add its access_list table.</source>
        <translation>工程中没有准入清单表：请新建工程库，或添加其中的 access_list 表。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="534"/>
        <source>{0} of {1} requirements shown, {2} at unit level</source>
        <translation>共 {1} 条管控要求，显示 {0} 条，单元级 {2} 条</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="582"/>
        <source>Add requirement</source>
        <translation>添加管控要求</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="607"/>
        <source>The requirement could not be added.</source>
        <translation>无法添加管控要求。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="635"/>
        <source>Edit requirement</source>
        <translation>编辑管控要求</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="653"/>
        <source>Delete requirement</source>
        <translation>删除管控要求</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="653"/>
        <source>Delete requirements</source>
        <translation>删除管控要求</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="688"/>
        <source>Reorder requirements</source>
        <translation>调整管控要求顺序</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="733"/>
        <source>Select a unit and add an access-list table first.</source>
        <translation>请先选择单元并添加准入清单表。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="739"/>
        <source>{0} cannot be edited.</source>
        <translation>{0} 不可编辑。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="743"/>
        <source>{0} is now in edit mode: save or roll back the edits with QGIS.</source>
        <translation>{0} 已进入编辑模式：请通过QGIS保存或回滚编辑。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="779"/>
        <source>A requirement needs a text.</source>
        <translation>管控要求内容不能为空。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="783"/>
        <source>The dimension must be one of: {0}.</source>
        <translation>管控维度必须为以下之一：{0}。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="787"/>
        <source>The kind must be one of: {0}.</source>
        <translation>要求类型必须为以下之一：{0}。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="806"/>
        <source>Only the unit&apos;s own requirements can be changed here; inherited ones are changed where they are defined.</source>
        <translation>此处只能修改本单元自身的管控要求；继承的管控要求须在其定义处修改。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/access_list_editor.py" line="858"/>
        <source>Access list</source>
        <translation>准入清单</translation>
    </message>
</context>
<context>
    <name>AccessListDock</name>
    <message>
        <location filename="../ui/access_list_dock.py" line="140"/>
        <source>Access list</source>
        <translation>准入清单</translation>
    </message>
    <message>
        <location filename="../ui/access_list_dock.py" line="166"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../ui/access_list_dock.py" line="279"/>
        <source>Undo {0}</source>
        <translation>撤销 {0}</translation>
    </message>
    <message>
        <location filename="../ui/access_list_dock.py" line="279"/>
        <source>Undo the last edit of the access list</source>
        <translation>撤销对准入清单的上一次编辑</translation>
    </message>
    <message>
        <location filename="../ui/access_list_dock.py" line="284"/>
        <source>Redo {0}</source>
        <translation>重做 {0}</translation>
    </message>
    <message>
        <location filename="../ui/access_list_dock.py" line="284"/>
        <source>Redo the last undone edit of the access list</source>
        <translation>重做上一次撤销的准入清单编辑</translation>
    </message>
    <message>
        <location filename="../ui/access_list_dock.py" line="330"/>
        <source>Add unit-level requirement</source>
        <translation>添加单元级管控要求</translation>
    </message>
    <message>
        <location filename="../ui/access_list_dock.py" line="340"/>
        <source>Edit unit-level requirement</source>
        <translation>编辑单元级管控要求</translation>
    </message>
    <message>
        <location filename="../ui/access_list_dock.py" line="52"/>
        <source>Unit-level requirement (editable here)</source>
        <translation>单元级条款（可在此编辑）</translation>
    </message>
    <message>
        <location filename="../ui/access_list_dock.py" line="52"/>
        <source>Inherited from {0} {1} (read-only here)</source>
        <translation>继承自 {0} {1}（此处只读）</translation>
    </message>
</context>
<context>
    <name>AccessListPanel</name>
    <message>
        <location filename="../ui/access_list_panel.ui" line="9"/>
        <source>No unit selected</source>
        <translation>未选择单元</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="16"/>
        <source>Search requirement text, industry codes, basis…</source>
        <translation>搜索管控要求、行业代码、依据…</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="21"/>
        <source>Kind</source>
        <translation>要求类型</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="23"/>
        <source>Dimension</source>
        <translation>管控维度</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="49"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="49"/>
        <source>Add a unit-level requirement</source>
        <translation>添加单元级管控要求</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="50"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="50"/>
        <source>Edit the selected unit-level requirement</source>
        <translation>编辑所选单元级管控要求</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="51"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="51"/>
        <source>Delete the selected unit-level requirements</source>
        <translation>删除所选单元级管控要求</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="52"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="52"/>
        <source>Move the requirement up within its dimension</source>
        <translation>在所属管控维度内上移该管控要求</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="53"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="53"/>
        <source>Move the requirement down within its dimension</source>
        <translation>在所属管控维度内下移该管控要求</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="55"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="55"/>
        <source>Undo the last edit of the access list</source>
        <translation>撤销对准入清单的上一次编辑</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="56"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="56"/>
        <source>Redo the last undone edit of the access list</source>
        <translation>重做上一次撤销的准入清单编辑</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="57"/>
        <source>Show owner</source>
        <translation>转到定义处</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="57"/>
        <source>Open the attribute table at the requirements of the scope that owns the selected requirement</source>
        <translation>打开属性表，筛选出所选管控要求所属适用范围的全部管控要求</translation>
    </message>
    <message>
        <location filename="../ui/access_list_panel.ui" line="43"/>
        <source>Select a requirement to read it in full here.</source>
        <translation>选择一条管控要求，在此查看全文。</translation>
    </message>
</context>
<context>
    <name>CheckResultsController</name>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="212"/>
        <source>{0} is not a check-results layer.</source>
        <translation>{0} 不是质检结果图层。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="274"/>
        <source>{0} of {1} problems shown ({2})</source>
        <translation>共 {1} 个问题，显示 {0} 个（{2}）</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="315"/>
        <source>{0} cannot be edited.</source>
        <translation>{0} 不可编辑。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="317"/>
        <source>Set review status</source>
        <translation>设置处理状态</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="328"/>
        <source>Review status not saved: {0}</source>
        <translation>处理状态未保存：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="375"/>
        <source>Re-run checks</source>
        <translation>重新质检</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="396"/>
        <source>Check results not saved: {0}</source>
        <translation>质检结果未保存：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="403"/>
        <source>Check results</source>
        <translation>质检结果</translation>
    </message>
</context>
<context>
    <name>CheckResultsDock</name>
    <message>
        <location filename="../ui/check_results_dock.py" line="40"/>
        <source>Check results</source>
        <translation>质检结果</translation>
    </message>
    <message>
        <location filename="../ui/check_results_dock.py" line="88"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
</context>
<context>
    <name>CheckResultsPanel</name>
    <message>
        <location filename="../ui/check_results_panel.ui" line="9"/>
        <source>Results layer</source>
        <translation>结果图层</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="15"/>
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="17"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="19"/>
        <source>Status</source>
        <translation>处理状态</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="21"/>
        <source>County</source>
        <translation>县（区）</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="36"/>
        <source>Note</source>
        <translation>处理说明</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="37"/>
        <source>Set</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="43"/>
        <source>Re-run checks…</source>
        <translation>重新质检…</translation>
    </message>
</context>
<context>
    <name>CheckUnits</name>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="70"/>
        <source>Check control units</source>
        <translation>管控单元成果质检</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="73"/>
        <source>Checks a unit layer before filing: invalid, empty or multipart geometries; overlaps between units, gaps and parts outside the counties, slivers; code format, duplicate codes, class and county digits of the code, empty required fields, MJ against the planar area; red line not covered by priority units, parks on the red line; urban development boundary inside priority units, permanent farmland inside parks; county coverage; units without an access-list entry. Each problem is written with its real geometry (the overlap, the gap, the uncovered red-line part) and its area in m². Give the previous error layer to keep the review status and note of problems that still exist.</source>
        <translation>备案前检查管控单元成果：无效、空或多部件几何；单元间重叠、行政区内缝隙和超出行政区的部分、碎片；编码格式、重复编码、编码中的分类位和县级代码、必填字段为空、MJ与平面面积是否一致；生态保护红线未被优先保护单元覆盖、园区压占红线；城镇开发边界位于优先保护单元内、永久基本农田位于园区内；县域覆盖；无准入清单的单元。每个问题均以真实几何（重叠部分、缝隙、未覆盖的红线部分）及其面积（平方米）输出。给定上一次的质检结果图层，可保留仍然存在的问题的处理状态和说明。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="87"/>
        <source>Control units</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="91"/>
        <source>Unit field for {0}</source>
        <translation>与 {0} 对应的单元字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="96"/>
        <source>Counties</source>
        <translation>行政区（县级）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="101"/>
        <source>County code field</source>
        <translation>行政区划代码字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="106"/>
        <source>Ecological protection red line</source>
        <translation>生态保护红线</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="106"/>
        <source>Permanent basic farmland</source>
        <translation>永久基本农田</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="106"/>
        <source>Urban development boundary</source>
        <translation>城镇开发边界</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="106"/>
        <source>Industrial parks</source>
        <translation>产业园区</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="115"/>
        <source>Access-list table</source>
        <translation>准入清单表</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="123"/>
        <source>Unit code field of the access list</source>
        <translation>准入清单中的单元编码字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="132"/>
        <source>Previous check results (keep review status)</source>
        <translation>上一次质检结果（保留处理状态）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="140"/>
        <source>Sliver area (m²)</source>
        <translation>碎片面积阈值（平方米）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="150"/>
        <source>Ignore overlaps and gaps smaller than (m²)</source>
        <translation>忽略小于该面积的重叠和缝隙（平方米）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="160"/>
        <source>Check results</source>
        <translation>质检结果</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="165"/>
        <source>Check summary</source>
        <translation>质检汇总</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="174"/>
        <source>Check report</source>
        <translation>质检报告</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="174"/>
        <source>HTML files (*.html)</source>
        <translation>HTML文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="200"/>
        <source>The unit layer has no features.</source>
        <translation>单元图层没有要素。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="203"/>
        <source>Computing in {0}</source>
        <translation>计算坐标系：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="214"/>
        <source>Choose the county code field of the county layer.</source>
        <translation>请选择行政区图层的行政区划代码字段。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="233"/>
        <source>The access-list table has no field &apos;{0}&apos;.</source>
        <translation>准入清单表中没有字段“{0}”。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="265"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写出任何结果。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="276"/>
        <source>The previous check results lack the fields {0}.</source>
        <translation>上一次质检结果缺少字段：{0}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="340"/>
        <source>{0} problems found</source>
        <translation>发现 {0} 个问题</translation>
    </message>
</context>
<context>
    <name>Compliance</name>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="92"/>
        <source>Assess construction projects</source>
        <translation>建设项目符合性分析</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="95"/>
        <source>For each project (points, lines or polygons; several at once): the control units it touches with the area or length in each, its overlap with the red line, permanent farmland and other constraint layers, and every requirement of the touched units&apos; access lists with an automatic finding: a prohibition whose industry codes match the project&apos;s (GB/T 4754-2017, by prefix) is not compliant, a matching restriction needs further justification, requirements without industry codes need a manual check. Requirements of regions given by an area apply to projects reaching into them. Writes an HTML and a PDF report per project with a map. The final judgement rests with the reviewer.</source>
        <translation>对每个建设项目（点、线或面，可同时分析多个）给出：其涉及的环境管控单元及在各单元内的面积或长度；与生态保护红线、永久基本农田等管控要素图层的重叠情况；所涉单元准入清单中的每条管控要求及自动研判结果：行业代码与项目行业代码匹配（GB/T 4754-2017，按代码前缀匹配）的禁止类要求判为不符合，匹配的限制类要求判为需进一步论证，未填行业代码的要求需人工核对。以空间范围给出的区域，其管控要求适用于涉及该区域的项目。为每个项目输出附地图的HTML和PDF报告。最终结论由审核人员判定。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="108"/>
        <source>Construction projects</source>
        <translation>建设项目</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="115"/>
        <source>Project name field</source>
        <translation>项目名称字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="124"/>
        <source>Industry code field (GB/T 4754-2017)</source>
        <translation>行业代码字段（GB/T 4754-2017）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="133"/>
        <source>Industry code for all projects</source>
        <translation>统一行业代码（适用于所有项目）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="138"/>
        <source>Buffer for points and lines (m)</source>
        <translation>点、线缓冲距离（米）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="148"/>
        <source>Control units</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="153"/>
        <source>Access-list table</source>
        <translation>准入清单表</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="161"/>
        <source>Regions of the access list</source>
        <translation>准入清单区域</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="169"/>
        <source>Constraint layers (red line, farmland, …)</source>
        <translation>管控要素图层（生态保护红线、永久基本农田等）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="177"/>
        <source>Project × unit</source>
        <translation>项目×单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="182"/>
        <source>Project × constraint</source>
        <translation>项目×管控要素</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="191"/>
        <source>Applicable requirements</source>
        <translation>适用的管控要求</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="200"/>
        <source>Conclusions</source>
        <translation>研判结论</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="209"/>
        <source>Report folder</source>
        <translation>报告文件夹</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="232"/>
        <source>The unit layer has no features.</source>
        <translation>单元图层没有要素。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="265"/>
        <source>{0}.</source>
        <translation>{0}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="282"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写出任何结果。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="301"/>
        <source>Reports written to {0}</source>
        <translation>报告已写出至 {0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/compliance.py" line="304"/>
        <source>Map of {0} not drawn: {1}</source>
        <translation>未能绘制 {0} 的地图：{1}</translation>
    </message>
</context>
<context>
    <name>CreateProjectDatabase</name>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="66"/>
        <source>Create zoning project database</source>
        <translation>新建分区管控工程库</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="78"/>
        <source>Coordinate reference system</source>
        <translation>坐标参考系</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="85"/>
        <source>Overwrite an existing file</source>
        <translation>覆盖已有文件</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="90"/>
        <source>Project database</source>
        <translation>工程库</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="90"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="95"/>
        <source>Unit layer</source>
        <translation>单元图层</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="100"/>
        <source>Access-list table</source>
        <translation>准入清单表</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="105"/>
        <source>Check-results layer</source>
        <translation>质检结果图层</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="123"/>
        <source>No output file given.</source>
        <translation>未指定输出文件。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="127"/>
        <source>The coordinate reference system is not valid.</source>
        <translation>坐标参考系无效。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="131"/>
        <source>{0} already exists. Check &apos;Overwrite an existing file&apos; to replace it.</source>
        <translation>{0} 已存在。如需替换，请勾选“覆盖已有文件”。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="137"/>
        <source>The project database could not be created: {0}</source>
        <translation>无法创建工程库：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="140"/>
        <source>Created {0}</source>
        <translation>已创建 {0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="69"/>
        <source>Creates a GeoPackage holding an empty environmental control unit layer, the access-list table, its regions layer and the check-results layer, with forms (Chinese aliases, value maps), styles stored in the GeoPackage and the unit to access-list relation, and adds them to the current project. An existing file is only replaced when &apos;Overwrite&apos; is checked; the file is written completely or not at all.</source>
        <translation>新建一个GeoPackage工程库，包含空的环境管控单元图层、生态环境准入清单表及其区域图层和质检结果图层，配置表单（中文别名、值映射）、保存在GeoPackage中的样式以及单元与准入清单的关联关系，并加入当前工程。只有勾选“覆盖已有文件”时才会替换已有文件；文件要么完整写出，要么不写。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="110"/>
        <source>Access-list regions layer</source>
        <translation>准入清单区域图层</translation>
    </message>
</context>
<context>
    <name>DelineateUnits</name>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="66"/>
        <source>Delineate environmental control units</source>
        <translation>环境管控单元划定</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="69"/>
        <source>Builds environmental control units by overlay, in the order priority protection (red line, protected areas, water sources…) &gt; industrial parks &gt; other key control areas &gt; general control, within each county. Every point of the admin layer ends up in exactly one unit and no unit crosses a county line. One priority unit per county and subtype (a layer's name is its subtype unless a subtype field is given), one key unit per park and county, one key unit per county and subtype, general units per county or township. Fragments smaller than the minimum area join the neighbouring unit with the longest shared edge; priority land never leaves a priority unit. Codes follow ZH + county code + class + serial, ordered north to south and west to east; with a previous unit layer, units that carry on keep their codes and retired codes are never reused. Areas (MJ, km²) are planar in the CGCS2000 3-degree Gauss-Krüger zone. The log lists repaired and skipped features, merged fragments and conflicts.</source>
        <translation>按叠加法在各县（区）内划定环境管控单元，优先级为：优先保护（生态保护红线、自然保护地、饮用水水源保护区等）&gt; 产业园区 &gt; 其他重点管控区 &gt; 一般管控区。行政区内每一处土地恰好属于一个单元，单元不跨县界。优先保护单元按县和子类各一个（图层名即子类，也可指定子类字段）；每个园区在每个县内为一个重点管控单元；其他重点管控单元按县和子类各一个；一般管控单元按县或乡镇划分。小于最小面积的碎片并入公共边最长的相邻单元；优先保护用地不会并出优先保护单元。编码为 ZH + 县级行政区划代码 + 分类 + 序号，按自北向南、自西向东排序；给定上一版单元图层时，延续的单元保留原编码，注销的编码不再使用。面积（MJ，平方公里）为CGCS2000 3度带高斯-克吕格投影下的平面面积。日志列出修复和跳过的要素、合并的碎片及冲突。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="86"/>
        <source>Counties (admin boundaries)</source>
        <translation>县级行政区</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="91"/>
        <source>County code field (6 digits)</source>
        <translation>行政区划代码字段（6位）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="96"/>
        <source>County name field</source>
        <translation>县（区）名称字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="101"/>
        <source>Townships</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="106"/>
        <source>Township name field</source>
        <translation>乡镇名称字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="115"/>
        <source>Priority protection layers (in order of precedence)</source>
        <translation>优先保护图层（按优先级排序）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="123"/>
        <source>Subtype field of the priority layers</source>
        <translation>优先保护图层的子类字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="130"/>
        <source>Industrial parks</source>
        <translation>产业园区</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="135"/>
        <source>Park name field</source>
        <translation>园区名称字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="140"/>
        <source>Other key control layers (in order of precedence)</source>
        <translation>其他重点管控图层（按优先级排序）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="148"/>
        <source>Subtype field of the key layers</source>
        <translation>重点管控图层的子类字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="153"/>
        <source>Minimum unit part area (m²)</source>
        <translation>单元最小图斑面积（平方米）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="163"/>
        <source>General control units</source>
        <translation>一般管控单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="163"/>
        <source>One per county</source>
        <translation>每县一个</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="163"/>
        <source>One per township</source>
        <translation>每乡镇一个</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="172"/>
        <source>Previous units (keep their codes)</source>
        <translation>上一版管控单元（保留编码）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="177"/>
        <source>Province name</source>
        <translation>省名称</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="180"/>
        <source>City name</source>
        <translation>市名称</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="183"/>
        <source>Output CRS (default: that of the counties)</source>
        <translation>输出坐标系（默认与行政区图层相同）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="190"/>
        <source>Control units</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="195"/>
        <source>Delineation log</source>
        <translation>划定日志</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="232"/>
        <source>The county layer has no features.</source>
        <translation>行政区图层没有要素。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="234"/>
        <source>The county layer has no field &apos;{0}&apos; for the county code.</source>
        <translation>行政区图层中没有行政区划代码字段“{0}”。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="241"/>
        <source>Computing in {0}</source>
        <translation>计算坐标系：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="297"/>
        <source>The previous unit layer has no unit code field ({0}).</source>
        <translation>上一版单元图层没有单元编码字段（{0}）。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="312"/>
        <source>General units per township need a township layer.</source>
        <translation>按乡镇划分一般管控单元需要乡镇图层。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="333"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写出任何结果。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="407"/>
        <source>{0} units: {1} priority, {2} key, {3} general</source>
        <translation>共 {0} 个单元：优先保护 {1} 个，重点管控 {2} 个，一般管控 {3} 个</translation>
    </message>
</context>
<context>
    <name>EcoZoning</name>
    <message>
        <location filename="../processing_provider/base.py" line="16"/>
        <source>Project database</source>
        <translation>工程库</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="17"/>
        <source>Unit delineation</source>
        <translation>单元划定</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="18"/>
        <source>Quality checks</source>
        <translation>成果质检</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="19"/>
        <source>Statistics</source>
        <translation>统计分析</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="20"/>
        <source>Access lists</source>
        <translation>准入清单</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="21"/>
        <source>Compliance analysis</source>
        <translation>符合性分析</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="79"/>
        <source>EcoZoning needs {0}. {1}</source>
        <translation>生态环境分区管控插件缺少依赖：{0}。{1}</translation>
    </message>
    <message>
        <location filename="../processing_provider/provider.py" line="39"/>
        <source>EcoZoning (ecological-environment zoning)</source>
        <translation>生态环境分区管控</translation>
    </message>
</context>
<context>
    <name>EcoZoningAlgorithm</name>
    <message>
        <location filename="../processing_provider/base.py" line="97"/>
        <source>Layer {0} has no coordinate reference system: set it in the layer properties.</source>
        <translation>图层 {0} 没有坐标参考系，请在图层属性中设置。</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="105"/>
        <source>Layer {0} does not lie in China&apos;s CGCS2000 3-degree zones ({1}); check its coordinate reference system.</source>
        <translation>图层 {0} 不在中国CGCS2000 3度带范围内（{1}），请检查其坐标参考系。</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="123"/>
        <source>The unit layer has no {0} field; choose it in the parameters.</source>
        <translation>单元图层没有 {0} 字段，请在参数中指定。</translation>
    </message>
</context>
<context>
    <name>EcoZoningPlugin</name>
    <message>
        <location filename="../plugin/plugin.py" line="76"/>
        <source>Ecological-environment zoning</source>
        <translation>生态环境分区管控</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="129"/>
        <source>Load sample data</source>
        <translation>加载示例数据</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="268"/>
        <source>EcoZoning</source>
        <translation>生态环境分区管控</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="81"/>
        <source>Needs {0}. {1}</source>
        <translation>缺少依赖：{0}。{1}</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="259"/>
        <source>This tool is not available yet.</source>
        <translation>该工具尚未提供。</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="268"/>
        <source>Sample data not found: {0}</source>
        <translation>未找到示例数据：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="278"/>
        <source>Sample city</source>
        <translation>示例城市</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="155"/>
        <source>Control unit panel</source>
        <translation>环境管控单元面板</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="155"/>
        <source>Check results panel</source>
        <translation>质检结果面板</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="189"/>
        <source>{0}: the .dbf declares no encoding; reading it as {1}.</source>
        <translation>{0}：.dbf 未声明编码，按 {1} 读取。</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="155"/>
        <source>Access list panel</source>
        <translation>准入清单面板</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="155"/>
        <source>Project screening panel</source>
        <translation>准入研判面板</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="94"/>
        <source>The panels could not be set up: {0}</source>
        <translation>面板无法创建：{0}</translation>
    </message>
</context>
<context>
    <name>ExportAccessList</name>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="34"/>
        <source>Export access list to Excel</source>
        <translation>导出准入清单到Excel</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="37"/>
        <source>Writes the access-list table to an Excel workbook (.xlsx). Wide format, as published: one row per unit (unit code, name, class) with one column per dimension; the unit's valid unit-level requirements are numbered 1. 2. 3. … in their order. Units of the unit layer without requirements get empty rows, a template to fill in; names and classes come from the unit layer (the class also from the code). Long format: one row per requirement with every field, all levels. A workbook exported in either format can be imported again.</source>
        <translation>将准入清单表导出为Excel工作簿（.xlsx）。宽表格式（与发布格式一致）：每个单元一行（单元编码、单元名称、分类），每个管控维度一列；单元有效的单元级管控要求按其顺序编号为 1. 2. 3. …。单元图层中没有管控要求的单元输出为空行，可作为填报模板；单元名称和分类取自单元图层（分类也可由编码得出）。长表格式：每条管控要求一行，包含全部字段和所有层级。两种格式导出的工作簿均可重新导入。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="48"/>
        <source>Access-list table</source>
        <translation>准入清单表</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="53"/>
        <source>Control units (names and classes for the wide format)</source>
        <translation>环境管控单元（提供宽表格式的单元名称和分类）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="61"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="61"/>
        <source>Wide (one row per unit)</source>
        <translation>宽表（每个单元一行）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="61"/>
        <source>Long (one row per requirement)</source>
        <translation>长表（每条管控要求一行）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="69"/>
        <source>Excel workbook</source>
        <translation>Excel工作簿</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="69"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="74"/>
        <source>Rows written</source>
        <translation>写出行数</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="88"/>
        <source>No output file given.</source>
        <translation>未指定输出文件。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="97"/>
        <source>The table is not an access-list table: it has no {0} field.</source>
        <translation>该表不是准入清单表：缺少 {0} 字段。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="119"/>
        <source>The unit layer has no unit code field ({0}).</source>
        <translation>单元图层没有单元编码字段（{0}）。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="128"/>
        <source>{0} requirements above unit level are not in the wide format; export the long format to keep them.</source>
        <translation>{0} 条单元级以上的管控要求不在宽表格式中；如需保留，请导出为长表格式。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="135"/>
        <source>The text of requirement {0} has a line starting with a number: importing the workbook again would split it.</source>
        <translation>管控要求 {0} 的内容中有以数字开头的行：重新导入该工作簿时会被拆分。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="147"/>
        <source>The workbook could not be written: {0}</source>
        <translation>无法写出工作簿：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/export_access_list.py" line="150"/>
        <source>Wrote {0} rows to {1}</source>
        <translation>已向 {1} 写出 {0} 行</translation>
    </message>
</context>
<context>
    <name>FieldMappingDialog</name>
    <message>
        <location filename="../ui/field_mapping_dialog.py" line="15"/>
        <source>Field mapping: {0}</source>
        <translation>字段映射：{0}</translation>
    </message>
    <message>
        <location filename="../ui/field_mapping_dialog.py" line="18"/>
        <source>Choose the layer field that holds each field of the data model.</source>
        <translation>为数据模型的每个字段选择图层中对应的字段。</translation>
    </message>
</context>
<context>
    <name>ImportAccessList</name>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="79"/>
        <source>Import access list from Excel</source>
        <translation>从Excel导入准入清单</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="82"/>
        <source>Reads an environmental access list (生态环境准入清单) from an Excel workbook (.xlsx). Wide format, as published: one row per unit with columns for unit code, name and class and one column per dimension (空间布局约束, 污染物排放管控, 环境风险防控, 资源利用效率); each numbered item of a cell (1. 1、 (1) （1） ①) becomes one unit-level requirement, its kind (禁止/限制/鼓励/允许/要求) inferred from the text. Long format: one row per requirement with all fields of the access-list table. Every sheet is read; sheets that hold neither format are skipped. Unit codes and names are checked against the unit layer when one is given. When the workbook has any error (unknown or duplicate unit codes, an unknown dimension column, empty codes, wrong class values…) nothing is imported and every problem is listed with its sheet, row and column. Requirements are appended to the target table in one edit (all or nothing), or written to a new table.</source>
        <translation>从Excel工作簿（.xlsx）读取生态环境准入清单。宽表格式（与发布格式一致）：每个单元一行，包含单元编码、单元名称和分类列，每个管控维度一列（空间布局约束、污染物排放管控、环境风险防控、资源利用效率）；单元格中的每个编号条目（1. 1、 (1) （1） ①）导入为一条单元级管控要求，其要求类型（禁止/限制/鼓励/允许/要求）根据文字自动判断。长表格式：每条管控要求一行，包含准入清单表的全部字段。读取所有工作表，两种格式均不符合的工作表将被跳过。给定单元图层时，对照该图层核对单元编码和名称。工作簿中有任何错误（单元编码未知或重复、无法识别的管控维度列、编码为空、分类值错误等）时，不导入任何内容，并逐一列出问题所在的工作表、行和列。管控要求在一次编辑中追加到目标表（要么全部导入，要么全不导入），或写入新表。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="102"/>
        <source>Excel workbook</source>
        <translation>Excel工作簿</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="102"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="110"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="110"/>
        <source>Detect</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="110"/>
        <source>Wide (one row per unit)</source>
        <translation>宽表（每个单元一行）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="110"/>
        <source>Long (one row per requirement)</source>
        <translation>长表（每条管控要求一行）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="122"/>
        <source>Control units (to check unit codes and names)</source>
        <translation>环境管控单元（用于核对单元编码和名称）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="130"/>
        <source>Access-list table to append to</source>
        <translation>追加至准入清单表</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="138"/>
        <source>Replace the unit-level requirements of the units in the workbook</source>
        <translation>替换工作簿所含单元的单元级管控要求</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="162"/>
        <source>Imported requirements</source>
        <translation>导入的管控要求</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="154"/>
        <source>Import report</source>
        <translation>导入报告</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="154"/>
        <source>HTML files (*.html)</source>
        <translation>HTML文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="163"/>
        <source>Replaced requirements</source>
        <translation>被替换的管控要求</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="178"/>
        <source>The target table is not an access-list table: it has no {0} field.</source>
        <translation>目标表不是准入清单表：缺少 {0} 字段。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="184"/>
        <source>The target table is in edit mode: save or discard its edits first.</source>
        <translation>目标表正处于编辑模式：请先保存或放弃其编辑。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="238"/>
        <source>The target table cannot be edited.</source>
        <translation>目标表不可编辑。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="241"/>
        <source>Existing requirements could not be deleted.</source>
        <translation>无法删除已有的管控要求。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="245"/>
        <source>Cancelled: nothing was imported.</source>
        <translation>已取消：未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="248"/>
        <source>The target table could not be saved: {0}</source>
        <translation>无法保存目标表：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="274"/>
        <source>No workbook given.</source>
        <translation>未指定工作簿。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="278"/>
        <source>The workbook could not be read: {0}</source>
        <translation>无法读取工作簿：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="281"/>
        <source>Sheets read from {1}: {0}</source>
        <translation>已从 {1} 读取工作表：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="290"/>
        <source>The unit layer has no unit code field ({0}).</source>
        <translation>单元图层没有单元编码字段（{0}）。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="311"/>
        <source>1 problem in the workbook; nothing was imported.</source>
        <translation>工作簿中有 1 个问题，未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="313"/>
        <source>{0} problems in the workbook; nothing was imported.</source>
        <translation>工作簿中有 {0} 个问题，未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="332"/>
        <source>Choose a target table or an output for the imported requirements.</source>
        <translation>请为导入的管控要求选择目标表或输出。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="337"/>
        <source>{0} requirements added to {1}, {2} replaced.</source>
        <translation>已向 {1} 添加 {0} 条管控要求，替换 {2} 条。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/import_access_list.py" line="351"/>
        <source>Imported {0} requirements ({1} units), {2} warnings.</source>
        <translation>已导入 {0} 条管控要求（{1} 个单元），{2} 个警告。</translation>
    </message>
</context>
<context>
    <name>OverlapAnalysis</name>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="66"/>
        <source>Overlap analysis</source>
        <translation>叠加分析</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="69"/>
        <source>For every feature of the input layer (points, lines or polygons) and every constraint layer (red line, permanent farmland, water sources…), the overlapping area or length, or whether a point falls inside, and its share of the feature. Constraint features that overlap each other are counted once. Buffers (metres) are given either once for all constraint layers or as a comma-separated list in the order of the layers. Areas and lengths are planar in the CGCS2000 3-degree Gauss-Krüger zone.</source>
        <translation>对输入图层（点、线或面）的每个要素与每个管控要素图层（生态保护红线、永久基本农田、饮用水水源保护区等），计算重叠面积或长度、点是否落入，以及占要素的比例。管控要素之间相互重叠的部分只计一次。缓冲距离（米）可对所有管控图层给一个值，或按图层顺序以逗号分隔逐一给出。面积和长度为CGCS2000 3度带高斯-克吕格投影下的平面量算值。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="79"/>
        <source>Features to analyse</source>
        <translation>分析对象</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="84"/>
        <source>Name field</source>
        <translation>名称字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="89"/>
        <source>Constraint layers</source>
        <translation>管控要素图层</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="94"/>
        <source>Buffers (m)</source>
        <translation>缓冲距离（米）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="97"/>
        <source>Overlaps</source>
        <translation>叠加结果</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="114"/>
        <source>Choose at least one constraint layer.</source>
        <translation>请至少选择一个管控要素图层。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="120"/>
        <source>Buffers must be one number or one per constraint layer: {0}</source>
        <translation>缓冲距离须为一个数值，或按管控图层逐一给出：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="141"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写出任何结果。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="174"/>
        <source>{0} overlaps</source>
        <translation>{0} 处重叠</translation>
    </message>
</context>
<context>
    <name>QuickCheckController</name>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="283"/>
        <source>unknown code</source>
        <translation>未知代码</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="346"/>
        <source>{0}.</source>
        <translation>{0}。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="385"/>
        <source>Screening</source>
        <translation>研判对象</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="420"/>
        <source>Control units</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="435"/>
        <source>Constraints</source>
        <translation>管控要素</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="435"/>
        <source>occupied</source>
        <translation>占用</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="435"/>
        <source>clear</source>
        <translation>未占用</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="450"/>
        <source>Requirements</source>
        <translation>管控要求</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="458"/>
        <source>{0:.0f} ms</source>
        <translation>{0:.0f} 毫秒</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="460"/>
        <source> (indexes built in {0:.0f} ms)</source>
        <translation>（建立索引 {0:.0f} 毫秒）</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="468"/>
        <source>Select a feature on the active layer first.</source>
        <translation>请先在当前图层上选择一个要素。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="504"/>
        <source>Report folder</source>
        <translation>报告文件夹</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="520"/>
        <source>Report written to {0}</source>
        <translation>报告已写出至 {0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="535"/>
        <source>Project screening</source>
        <translation>准入研判</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="274"/>
        <source>Index out of date: it is rebuilt in the background.</source>
        <translation>索引已过期，正在后台重建。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="373"/>
        <source>Choose the unit layer.</source>
        <translation>请选择管控单元图层。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="321"/>
        <source>EcoZoning: project screening index</source>
        <translation>生态环境分区管控：准入研判索引</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="331"/>
        <source>Building the index in the background…</source>
        <translation>正在后台建立索引…</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="342"/>
        <source>Index not built.</source>
        <translation>索引未建立。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="350"/>
        <source>Ready: {0} units indexed.</source>
        <translation>就绪：已索引 {0} 个单元。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/quick_check.py" line="376"/>
        <source>Building the index; the result follows…</source>
        <translation>正在建立索引，完成后显示结果…</translation>
    </message>
</context>
<context>
    <name>QuickCheckDock</name>
    <message>
        <location filename="../ui/quick_check_dock.py" line="36"/>
        <source>Project screening</source>
        <translation>准入研判</translation>
    </message>
</context>
<context>
    <name>QuickCheckPanel</name>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="9"/>
        <source>Unit layer</source>
        <translation>单元图层</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="11"/>
        <source>Access-list table</source>
        <translation>准入清单表</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="13"/>
        <source>Constraint layers</source>
        <translation>管控要素图层</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="15"/>
        <source>Industry (GB/T 4754)</source>
        <translation>行业（GB/T 4754）</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="16"/>
        <source>Code or name, e.g. 2614 or 水泥</source>
        <translation>代码或名称，如 2614 或 水泥</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="18"/>
        <source>Buffer (m)</source>
        <translation>缓冲距离（米）</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="24"/>
        <source>Point</source>
        <translation>点</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="25"/>
        <source>Line</source>
        <translation>线</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="26"/>
        <source>Polygon</source>
        <translation>面</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="27"/>
        <source>Selected feature</source>
        <translation>所选要素</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="31"/>
        <source>Item</source>
        <translation>条目</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="31"/>
        <source>Value</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="31"/>
        <source>Finding</source>
        <translation>研判结果</translation>
    </message>
    <message>
        <location filename="../ui/quick_check_panel.ui" line="35"/>
        <source>Export report…</source>
        <translation>导出报告…</translation>
    </message>
</context>
<context>
    <name>RequirementDialog</name>
    <message>
        <location filename="../ui/requirement_dialog.ui" line="14"/>
        <source>Requirement</source>
        <translation>管控要求</translation>
    </message>
    <message>
        <location filename="../ui/requirement_dialog.ui" line="10"/>
        <source>Dimension</source>
        <translation>管控维度</translation>
    </message>
    <message>
        <location filename="../ui/requirement_dialog.ui" line="12"/>
        <source>Kind</source>
        <translation>要求类型</translation>
    </message>
    <message>
        <location filename="../ui/requirement_dialog.ui" line="16"/>
        <source>Industry codes</source>
        <translation>行业代码</translation>
    </message>
    <message>
        <location filename="../ui/requirement_dialog.ui" line="17"/>
        <source>e.g. 2614, C26 (separated by commas)</source>
        <translation>如 2614, C26（以逗号分隔）</translation>
    </message>
    <message>
        <location filename="../ui/requirement_dialog.ui" line="18"/>
        <source>Legal basis</source>
        <translation>依据</translation>
    </message>
    <message>
        <location filename="../ui/requirement_dialog.ui" line="20"/>
        <source>Source document</source>
        <translation>来源文件</translation>
    </message>
</context>
<context>
    <name>UnitDock</name>
    <message>
        <location filename="../ui/unit_dock.py" line="37"/>
        <source>Control unit</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../ui/unit_dock.py" line="134"/>
        <source>Area field</source>
        <translation>面积字段</translation>
    </message>
    <message>
        <location filename="../ui/unit_dock.py" line="134"/>
        <source>The field {0} of {1} holds about {2:,.0f} times the units' area in km²: it seems to be in {3}, not km². Stop using it as MJ (area in km²)? MJ is then not shown or recomputed until you map a km² field.</source>
        <translation>图层 {1} 的字段 {0} 约为单元面积（平方公里）的 {2:,.0f} 倍，单位似乎是 {3} 而不是平方公里。是否不再把它用作 MJ（面积，平方公里）？在映射一个以平方公里为单位的字段之前，MJ 将不显示也不重算。</translation>
    </message>
</context>
<context>
    <name>UnitEditorController</name>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="234"/>
        <source>Invalid code: {0}</source>
        <translation>编码无效：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="237"/>
        <source>Duplicate code: another unit has {0}</source>
        <translation>编码重复：另一个单元也使用 {0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="240"/>
        <source>The class digit {0} of the code does not match the class {1}</source>
        <translation>编码中的分类位 {0} 与分类 {1} 不一致</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="245"/>
        <source>The county digits {0} of the code do not match the county code {1}</source>
        <translation>编码中的县级代码 {0} 与行政区划代码 {1} 不一致</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="314"/>
        <source>The layer has no field for {0}.</source>
        <translation>图层中没有与 {0} 对应的字段。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="317"/>
        <source>Start editing the unit layer first.</source>
        <translation>请先开启单元图层的编辑。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="324"/>
        <source>Edit unit {0}</source>
        <translation>编辑单元 {0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="337"/>
        <source>Set the county code and the class first.</source>
        <translation>请先填写行政区划代码和分类。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="386"/>
        <source>Control unit</source>
        <translation>环境管控单元</translation>
    </message>
</context>
<context>
    <name>UnitPanel</name>
    <message>
        <location filename="../ui/unit_panel.ui" line="9"/>
        <source>Unit layer</source>
        <translation>单元图层</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="15"/>
        <source>◀</source>
        <translation>◀</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="15"/>
        <source>Previous unit</source>
        <translation>上一个单元</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="17"/>
        <source>▶</source>
        <translation>▶</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="17"/>
        <source>Next unit</source>
        <translation>下一个单元</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="18"/>
        <source>Pick on map</source>
        <translation>在地图上选取</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="19"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="25"/>
        <source>Unit code</source>
        <translation>单元编码</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="29"/>
        <source>Next free code</source>
        <translation>下一个可用编码</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="33"/>
        <source>Unit name</source>
        <translation>单元名称</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="35"/>
        <source>Class</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="37"/>
        <source>Subtype</source>
        <translation>子类</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="39"/>
        <source>Province</source>
        <translation>省</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="41"/>
        <source>City</source>
        <translation>市</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="43"/>
        <source>County</source>
        <translation>县（区）</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="45"/>
        <source>County code</source>
        <translation>行政区划代码</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="47"/>
        <source>Area (km²)</source>
        <translation>面积（平方公里）</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="49"/>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="20"/>
        <source>Fields…</source>
        <translation>字段映射…</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="20"/>
        <source>Which layer field holds each field of the data model</source>
        <translation>图层中哪个字段对应数据模型的各字段</translation>
    </message>
</context>
<context>
    <name>UnitStatistics</name>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="80"/>
        <source>Unit statistics</source>
        <translation>单元统计</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="57"/>
        <source>Counts units and sums their area by class and subtype for each county and for the whole area, with each class's share of the county area (shares add up to 100%). Areas are planar in the CGCS2000 3-degree Gauss-Krüger zone, computed from the geometries. Fields default to the data model (XZQDM, COUNTY, ZHGKDYFL, DYZL) or their usual variants. Writes a table and an HTML page with a chart.</source>
        <translation>按县（区）及全域统计各分类、子类的单元数量和面积，以及各分类面积占县域面积的比例（合计为100%）。面积为CGCS2000 3度带高斯-克吕格投影下按几何计算的平面面积。字段默认采用数据模型中的名称（XZQDM、COUNTY、ZHGKDYFL、DYZL）或其常见变体。输出统计表和带图表的HTML页面。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="66"/>
        <source>Control units</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="71"/>
        <source>County code field</source>
        <translation>行政区划代码字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="71"/>
        <source>County name field</source>
        <translation>县（区）名称字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="71"/>
        <source>Class field</source>
        <translation>分类字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="71"/>
        <source>Subtype field</source>
        <translation>子类字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="85"/>
        <source>Statistics page</source>
        <translation>统计页面</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="85"/>
        <source>HTML files (*.html)</source>
        <translation>HTML文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="111"/>
        <source>The unit layer has no features.</source>
        <translation>单元图层没有要素。</translation>
    </message>
</context>
</TS>
