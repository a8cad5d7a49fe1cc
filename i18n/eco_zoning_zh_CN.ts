<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1">
<context>
    <name>CheckResultsController</name>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="184" />
        <source>{0} is not a check-results layer.</source>
        <translation>{0} 不是质检结果图层。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="237" />
        <source>{0} of {1} problems shown ({2})</source>
        <translation>共 {1} 个问题，显示 {0} 个（{2}）</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="278" />
        <source>{0} cannot be edited.</source>
        <translation>{0} 不可编辑。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="280" />
        <source>Set review status</source>
        <translation>设置处理状态</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="291" />
        <source>Review status not saved: {0}</source>
        <translation>处理状态未保存：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="338" />
        <source>Re-run checks</source>
        <translation>重新质检</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="359" />
        <source>Check results not saved: {0}</source>
        <translation>质检结果未保存：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/check_results.py" line="366" />
        <source>Check results</source>
        <translation>质检结果</translation>
    </message>
</context>
<context>
    <name>CheckResultsDock</name>
    <message>
        <location filename="../ui/check_results_dock.py" line="38" />
        <source>Check results</source>
        <translation>质检结果</translation>
    </message>
    <message>
        <location filename="../ui/check_results_dock.py" line="73" />
        <source>All</source>
        <translation>全部</translation>
    </message>
</context>
<context>
    <name>CheckResultsPanel</name>
    <message>
        <location filename="../ui/check_results_panel.ui" line="9" />
        <source>Results layer</source>
        <translation>结果图层</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="15" />
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="17" />
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="19" />
        <source>Status</source>
        <translation>处理状态</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="21" />
        <source>County</source>
        <translation>县（区）</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="36" />
        <source>Note</source>
        <translation>处理说明</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="37" />
        <source>Set</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../ui/check_results_panel.ui" line="43" />
        <source>Re-run checks…</source>
        <translation>重新质检…</translation>
    </message>
</context>
<context>
    <name>CheckUnits</name>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="76" />
        <source>Check control units</source>
        <translation>管控单元成果质检</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="79" />
        <source>Checks a unit layer before filing: invalid, empty or multipart geometries; overlaps between units, gaps and parts outside the counties, slivers; code format, duplicate codes, class and county digits of the code, empty required fields, MJ against the planar area; red line not covered by priority units, parks on the red line; urban development boundary inside priority units, permanent farmland inside parks; county coverage; units without an access-list entry. Each problem is written with its real geometry (the overlap, the gap, the uncovered red-line part) and its area in m². Give the previous error layer to keep the review status and note of problems that still exist.</source>
        <translation>备案前检查管控单元成果：无效、空或多部件几何；单元间重叠、行政区内缝隙和超出行政区的部分、碎片；编码格式、重复编码、编码中的分类位和县级代码、必填字段为空、MJ与平面面积是否一致；生态保护红线未被优先保护单元覆盖、园区压占红线；城镇开发边界位于优先保护单元内、永久基本农田位于园区内；县域覆盖；无准入清单的单元。每个问题均以真实几何（重叠部分、缝隙、未覆盖的红线部分）及其面积（平方米）输出。给定上一次的质检结果图层，可保留仍然存在的问题的处理状态和说明。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="93" />
        <source>Control units</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="97" />
        <source>Unit field for {0}</source>
        <translation>与 {0} 对应的单元字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="102" />
        <source>Counties</source>
        <translation>行政区（县级）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="107" />
        <source>County code field</source>
        <translation>行政区划代码字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="112" />
        <source>Ecological protection red line</source>
        <translation>生态保护红线</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="112" />
        <source>Permanent basic farmland</source>
        <translation>永久基本农田</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="112" />
        <source>Urban development boundary</source>
        <translation>城镇开发边界</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="112" />
        <source>Industrial parks</source>
        <translation>产业园区</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="121" />
        <source>Access-list table</source>
        <translation>准入清单表</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="129" />
        <source>Unit code field of the access list</source>
        <translation>准入清单中的单元编码字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="138" />
        <source>Previous check results (keep review status)</source>
        <translation>上一次质检结果（保留处理状态）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="146" />
        <source>Sliver area (m²)</source>
        <translation>碎片面积阈值（平方米）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="156" />
        <source>Ignore overlaps and gaps smaller than (m²)</source>
        <translation>忽略小于该面积的重叠和缝隙（平方米）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="166" />
        <source>Check results</source>
        <translation>质检结果</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="171" />
        <source>Check summary</source>
        <translation>质检汇总</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="180" />
        <source>Check report</source>
        <translation>质检报告</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="180" />
        <source>HTML files (*.html)</source>
        <translation>HTML文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="207" />
        <source>The unit layer has no features.</source>
        <translation>单元图层没有要素。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="214" />
        <source>Computing in {0}</source>
        <translation>计算坐标系：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="225" />
        <source>Choose the county code field of the county layer.</source>
        <translation>请选择行政区图层的行政区划代码字段。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="244" />
        <source>The access-list table has no field '{0}'.</source>
        <translation>准入清单表中没有字段“{0}”。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="276" />
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写出任何结果。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="287" />
        <source>The previous check results lack the fields {0}.</source>
        <translation>上一次质检结果缺少字段：{0}。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/check_units.py" line="335" />
        <source>{0} problems found</source>
        <translation>发现 {0} 个问题</translation>
    </message>
</context>
<context>
    <name>CreateProjectDatabase</name>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="65" />
        <source>Create zoning project database</source>
        <translation>新建分区管控工程库</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="68" />
        <source>Creates a GeoPackage holding an empty environmental control unit layer, the access-list table and the check-results layer, with forms (Chinese aliases, value maps), styles stored in the GeoPackage and the unit to access-list relation, and adds them to the current project. An existing file is only replaced when 'Overwrite' is checked; the file is written completely or not at all.</source>
        <translation>新建一个GeoPackage工程库，包含空的环境管控单元图层、生态环境准入清单表和质检结果图层，配置表单（中文别名、值映射）、保存在GeoPackage中的样式以及单元与准入清单的关联关系，并加入当前工程。只有勾选“覆盖已有文件”时才会替换已有文件；文件要么完整写出，要么不写。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="77" />
        <source>Coordinate reference system</source>
        <translation>坐标参考系</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="84" />
        <source>Overwrite an existing file</source>
        <translation>覆盖已有文件</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="89" />
        <source>Project database</source>
        <translation>工程库</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="89" />
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="94" />
        <source>Unit layer</source>
        <translation>单元图层</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="99" />
        <source>Access-list table</source>
        <translation>准入清单表</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="104" />
        <source>Check-results layer</source>
        <translation>质检结果图层</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="117" />
        <source>No output file given.</source>
        <translation>未指定输出文件。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="121" />
        <source>The coordinate reference system is not valid.</source>
        <translation>坐标参考系无效。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="125" />
        <source>{0} already exists. Check 'Overwrite an existing file' to replace it.</source>
        <translation>{0} 已存在。如需替换，请勾选“覆盖已有文件”。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="131" />
        <source>The project database could not be created: {0}</source>
        <translation>无法创建工程库：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="134" />
        <source>Created {0}</source>
        <translation>已创建 {0}</translation>
    </message>
</context>
<context>
    <name>DelineateUnits</name>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="70" />
        <source>Delineate environmental control units</source>
        <translation>环境管控单元划定</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="73" />
        <source>Builds environmental control units by overlay, in the order priority protection (red line, protected areas, water sources…) &gt; industrial parks &gt; other key control areas &gt; general control, within each county. Every point of the admin layer ends up in exactly one unit and no unit crosses a county line. One priority unit per county and subtype (a layer's name is its subtype unless a subtype field is given), one key unit per park and county, one key unit per county and subtype, general units per county or township. Fragments smaller than the minimum area join the neighbouring unit with the longest shared edge; priority land never leaves a priority unit. Codes follow ZH + county code + class + serial, ordered north to south and west to east; with a previous unit layer, units that carry on keep their codes and retired codes are never reused. Areas (MJ, km²) are planar in the CGCS2000 3-degree Gauss-Krüger zone. The log lists repaired and skipped features, merged fragments and conflicts.</source>
        <translation>按叠加法在各县（区）内划定环境管控单元，优先级为：优先保护（生态保护红线、自然保护地、饮用水水源保护区等）&gt; 产业园区 &gt; 其他重点管控区 &gt; 一般管控区。行政区内每一处土地恰好属于一个单元，单元不跨县界。优先保护单元按县和子类各一个（图层名即子类，也可指定子类字段）；每个园区在每个县内为一个重点管控单元；其他重点管控单元按县和子类各一个；一般管控单元按县或乡镇划分。小于最小面积的碎片并入公共边最长的相邻单元；优先保护用地不会并出优先保护单元。编码为 ZH + 县级行政区划代码 + 分类 + 序号，按自北向南、自西向东排序；给定上一版单元图层时，延续的单元保留原编码，注销的编码不再使用。面积（MJ，平方公里）为CGCS2000 3度带高斯-克吕格投影下的平面面积。日志列出修复和跳过的要素、合并的碎片及冲突。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="90" />
        <source>Counties (admin boundaries)</source>
        <translation>县级行政区</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="95" />
        <source>County code field (6 digits)</source>
        <translation>行政区划代码字段（6位）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="100" />
        <source>County name field</source>
        <translation>县（区）名称字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="105" />
        <source>Townships</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="110" />
        <source>Township name field</source>
        <translation>乡镇名称字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="119" />
        <source>Priority protection layers (in order of precedence)</source>
        <translation>优先保护图层（按优先级排序）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="127" />
        <source>Subtype field of the priority layers</source>
        <translation>优先保护图层的子类字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="134" />
        <source>Industrial parks</source>
        <translation>产业园区</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="139" />
        <source>Park name field</source>
        <translation>园区名称字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="144" />
        <source>Other key control layers (in order of precedence)</source>
        <translation>其他重点管控图层（按优先级排序）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="152" />
        <source>Subtype field of the key layers</source>
        <translation>重点管控图层的子类字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="157" />
        <source>Minimum unit part area (m²)</source>
        <translation>单元最小图斑面积（平方米）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="167" />
        <source>General control units</source>
        <translation>一般管控单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="167" />
        <source>One per county</source>
        <translation>每县一个</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="167" />
        <source>One per township</source>
        <translation>每乡镇一个</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="176" />
        <source>Previous units (keep their codes)</source>
        <translation>上一版管控单元（保留编码）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="181" />
        <source>Province name</source>
        <translation>省名称</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="184" />
        <source>City name</source>
        <translation>市名称</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="187" />
        <source>Output CRS (default: that of the counties)</source>
        <translation>输出坐标系（默认与行政区图层相同）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="194" />
        <source>Control units</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="199" />
        <source>Delineation log</source>
        <translation>划定日志</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="244" />
        <source>The county layer has no features.</source>
        <translation>行政区图层没有要素。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="246" />
        <source>The county layer has no field '{0}' for the county code.</source>
        <translation>行政区图层中没有行政区划代码字段“{0}”。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="253" />
        <source>Computing in {0}</source>
        <translation>计算坐标系：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="309" />
        <source>The previous unit layer has no unit code field ({0}).</source>
        <translation>上一版单元图层没有单元编码字段（{0}）。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="324" />
        <source>General units per township need a township layer.</source>
        <translation>按乡镇划分一般管控单元需要乡镇图层。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="345" />
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写出任何结果。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/delineate_units.py" line="415" />
        <source>{0} units: {1} priority, {2} key, {3} general</source>
        <translation>共 {0} 个单元：优先保护 {1} 个，重点管控 {2} 个，一般管控 {3} 个</translation>
    </message>
</context>
<context>
    <name>EcoZoning</name>
    <message>
        <location filename="../processing_provider/base.py" line="16" />
        <source>Project database</source>
        <translation>工程库</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="17" />
        <source>Unit delineation</source>
        <translation>单元划定</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="18" />
        <source>Quality checks</source>
        <translation>成果质检</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="19" />
        <source>Statistics</source>
        <translation>统计分析</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="20" />
        <source>Access lists</source>
        <translation>准入清单</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="21" />
        <source>Compliance analysis</source>
        <translation>符合性分析</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="63" />
        <source>EcoZoning needs {0}. {1}</source>
        <translation>生态环境分区管控插件缺少依赖：{0}。{1}</translation>
    </message>
    <message>
        <location filename="../processing_provider/provider.py" line="27" />
        <source>EcoZoning (ecological-environment zoning)</source>
        <translation>生态环境分区管控</translation>
    </message>
</context>
<context>
    <name>EcoZoningPlugin</name>
    <message>
        <location filename="../plugin/plugin.py" line="58" />
        <source>Ecological-environment zoning</source>
        <translation>生态环境分区管控</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="60" />
        <source>Create zoning project database…</source>
        <translation>新建分区管控工程库…</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="60" />
        <source>Delineate control units…</source>
        <translation>划定环境管控单元…</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="60" />
        <source>Check unit layer…</source>
        <translation>管控单元成果质检…</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="60" />
        <source>Unit statistics…</source>
        <translation>单元统计…</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="68" />
        <source>Load sample data</source>
        <translation>加载示例数据</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="172" />
        <source>EcoZoning</source>
        <translation>生态环境分区管控</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="73" />
        <source>Needs {0}. {1}</source>
        <translation>缺少依赖：{0}。{1}</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="163" />
        <source>This tool is not available yet.</source>
        <translation>该工具尚未提供。</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="172" />
        <source>Sample data not found: {0}</source>
        <translation>未找到示例数据：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="182" />
        <source>Sample city</source>
        <translation>示例城市</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="92" />
        <source>Control unit panel</source>
        <translation>环境管控单元面板</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="92" />
        <source>Check results panel</source>
        <translation>质检结果面板</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="110" />
        <source>{0}: the .dbf declares no encoding; reading it as {1}.</source>
        <translation>{0}：.dbf 未声明编码，按 {1} 读取。</translation>
    </message>
</context>
<context>
    <name>OverlapAnalysis</name>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="72" />
        <source>Overlap analysis</source>
        <translation>叠加分析</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="75" />
        <source>For every feature of the input layer (points, lines or polygons) and every constraint layer (red line, permanent farmland, water sources…), the overlapping area or length, or whether a point falls inside, and its share of the feature. Constraint features that overlap each other are counted once. Buffers (metres) are given either once for all constraint layers or as a comma-separated list in the order of the layers. Areas and lengths are planar in the CGCS2000 3-degree Gauss-Krüger zone.</source>
        <translation>对输入图层（点、线或面）的每个要素与每个管控要素图层（生态保护红线、永久基本农田、饮用水水源保护区等），计算重叠面积或长度、点是否落入，以及占要素的比例。管控要素之间相互重叠的部分只计一次。缓冲距离（米）可对所有管控图层给一个值，或按图层顺序以逗号分隔逐一给出。面积和长度为CGCS2000 3度带高斯-克吕格投影下的平面量算值。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="85" />
        <source>Features to analyse</source>
        <translation>分析对象</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="90" />
        <source>Name field</source>
        <translation>名称字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="95" />
        <source>Constraint layers</source>
        <translation>管控要素图层</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="100" />
        <source>Buffers (m)</source>
        <translation>缓冲距离（米）</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="103" />
        <source>Overlaps</source>
        <translation>叠加结果</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="121" />
        <source>Choose at least one constraint layer.</source>
        <translation>请至少选择一个管控要素图层。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="127" />
        <source>Buffers must be one number or one per constraint layer: {0}</source>
        <translation>缓冲距离须为一个数值，或按管控图层逐一给出：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="148" />
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写出任何结果。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/overlap_analysis.py" line="168" />
        <source>{0} overlaps</source>
        <translation>{0} 处重叠</translation>
    </message>
</context>
<context>
    <name>UnitDock</name>
    <message>
        <location filename="../ui/unit_dock.py" line="35" />
        <source>Control unit</source>
        <translation>环境管控单元</translation>
    </message>
</context>
<context>
    <name>UnitEditorController</name>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="171" />
        <source>Invalid code: {0}</source>
        <translation>编码无效：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="174" />
        <source>Duplicate code: another unit has {0}</source>
        <translation>编码重复：另一个单元也使用 {0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="179" />
        <source>The class digit {0} of the code does not match the class {1}</source>
        <translation>编码中的分类位 {0} 与分类 {1} 不一致</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="184" />
        <source>The county digits {0} of the code do not match the county code {1}</source>
        <translation>编码中的县级代码 {0} 与行政区划代码 {1} 不一致</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="253" />
        <source>The layer has no field for {0}.</source>
        <translation>图层中没有与 {0} 对应的字段。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="256" />
        <source>Start editing the unit layer first.</source>
        <translation>请先开启单元图层的编辑。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="261" />
        <source>Edit unit {0}</source>
        <translation>编辑单元 {0}</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="274" />
        <source>Set the county code and the class first.</source>
        <translation>请先填写行政区划代码和分类。</translation>
    </message>
    <message>
        <location filename="../plugin/controllers/unit_editor.py" line="316" />
        <source>Control unit</source>
        <translation>环境管控单元</translation>
    </message>
</context>
<context>
    <name>UnitPanel</name>
    <message>
        <location filename="../ui/unit_panel.ui" line="9" />
        <source>Unit layer</source>
        <translation>单元图层</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="15" />
        <source>◀</source>
        <translation>◀</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="15" />
        <source>Previous unit</source>
        <translation>上一个单元</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="17" />
        <source>▶</source>
        <translation>▶</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="17" />
        <source>Next unit</source>
        <translation>下一个单元</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="18" />
        <source>Pick on map</source>
        <translation>在地图上选取</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="19" />
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="24" />
        <source>Unit code</source>
        <translation>单元编码</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="28" />
        <source>Next free code</source>
        <translation>下一个可用编码</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="32" />
        <source>Unit name</source>
        <translation>单元名称</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="34" />
        <source>Class</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="36" />
        <source>Subtype</source>
        <translation>子类</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="38" />
        <source>Province</source>
        <translation>省</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="40" />
        <source>City</source>
        <translation>市</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="42" />
        <source>County</source>
        <translation>县（区）</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="44" />
        <source>County code</source>
        <translation>行政区划代码</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="46" />
        <source>Area (km²)</source>
        <translation>面积（平方公里）</translation>
    </message>
    <message>
        <location filename="../ui/unit_panel.ui" line="48" />
        <source>Remark</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>UnitStatistics</name>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="86" />
        <source>Unit statistics</source>
        <translation>单元统计</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="63" />
        <source>Counts units and sums their area by class and subtype for each county and for the whole area, with each class's share of the county area (shares add up to 100%). Areas are planar in the CGCS2000 3-degree Gauss-Krüger zone, computed from the geometries. Fields default to the data model (XZQDM, COUNTY, ZHGKDYFL, DYZL) or their usual variants. Writes a table and an HTML page with a chart.</source>
        <translation>按县（区）及全域统计各分类、子类的单元数量和面积，以及各分类面积占县域面积的比例（合计为100%）。面积为CGCS2000 3度带高斯-克吕格投影下按几何计算的平面面积。字段默认采用数据模型中的名称（XZQDM、COUNTY、ZHGKDYFL、DYZL）或其常见变体。输出统计表和带图表的HTML页面。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="72" />
        <source>Control units</source>
        <translation>环境管控单元</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="77" />
        <source>County code field</source>
        <translation>行政区划代码字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="77" />
        <source>County name field</source>
        <translation>县（区）名称字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="77" />
        <source>Class field</source>
        <translation>分类字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="77" />
        <source>Subtype field</source>
        <translation>子类字段</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="91" />
        <source>Statistics page</source>
        <translation>统计页面</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="91" />
        <source>HTML files (*.html)</source>
        <translation>HTML文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="114" />
        <source>The unit layer has no {0} field; choose it in the parameters.</source>
        <translation>单元图层没有 {0} 字段，请在参数中指定。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/unit_statistics.py" line="131" />
        <source>The unit layer has no features.</source>
        <translation>单元图层没有要素。</translation>
    </message>
</context>
</TS>